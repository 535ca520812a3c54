/**
 * How the VS Code client starts the server (client/src/serverFlags.ts). Its Node flags: V8's
 * background threads one fewer than the cores, from one to Node's default of four, no V8 flag (V8's
 * flag hash stays a bare node's: server/src/startup/heap-flags.ts), and flags the Node that runs
 * the tests accepts. Its environment (serverEnvironment): the editor's, less NODE_EXTRA_CA_CERTS, which Node reads at process start
 * (its file costs each start tens of milliseconds) and the server, which makes no network
 * connection, never needs. vscode-languageclient lays the `env` it is handed over the extension
 * host's own (lib/node/main.js · getEnvironment: `Object.keys(env).forEach(key => result[key] =
 * env[key])`), and Node's child_process leaves out a variable set to undefined.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { serverEnvironment, serverNodeFlags } from '../../client/src/serverFlags.js';

/** What a child Node process sees of `name` when started with `env`. */
function childSees(env: NodeJS.ProcessEnv, name: string): string {
  return execFileSync(process.execPath, ['-p', `JSON.stringify(process.env[${JSON.stringify(name)}] ?? null)`], { env, encoding: 'utf8' }).trim();
}

describe('the server environment', () => {
  const editor = { PATH: process.env['PATH'], NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', SHAPELENS_MARK: 'kept' };

  it('keeps the editor environment and what is added, and starts the server without NODE_EXTRA_CA_CERTS', () => {
    const env = serverEnvironment(editor, { SHAPELENS_CACHE_DIR: '/tmp/cache' });
    expect(childSees(env, 'SHAPELENS_MARK')).toBe('"kept"');
    expect(childSees(env, 'SHAPELENS_CACHE_DIR')).toBe('"/tmp/cache"');
    expect(childSees(env, 'NODE_EXTRA_CA_CERTS')).toBe('null');
  });

  it('clears NODE_EXTRA_CA_CERTS when laid over another environment, as the language client does', () => {
    const result: NodeJS.ProcessEnv = { ...editor };
    const env = serverEnvironment({});
    for (const key of Object.keys(env)) result[key] = env[key];
    expect(childSees(result, 'SHAPELENS_MARK')).toBe('"kept"');
    expect(childSees(result, 'NODE_EXTRA_CA_CERTS')).toBe('null');
  });
});

describe('the server flags', () => {
  it('leave V8 one background thread fewer than the cores, at least one and at most four', () => {
    const pool = (cores: number): string | undefined => serverNodeFlags(cores).find((f) => f.startsWith('--v8-pool-size='));
    expect([1, 2, 3, 4, 5, 8, 64].map(pool)).toEqual(['--v8-pool-size=1', '--v8-pool-size=1', '--v8-pool-size=2', '--v8-pool-size=3', '--v8-pool-size=4', '--v8-pool-size=4', '--v8-pool-size=4']);
  });

  it('leave V8 its own flags: its flag hash, which Node’s embedded code cache must match, is a bare node’s', () => {
    const tag = (flags: readonly string[]): string => execFileSync(process.execPath, [...flags, '-p', "require('node:v8').cachedDataVersionTag()"], { encoding: 'utf8' }).trim();
    expect(tag(serverNodeFlags(2))).toBe(tag([]));
    // The check can fail: a V8 flag (the server's heap flag, say) changes the tag.
    expect(tag(['--heap-growing-percent=100'])).not.toBe(tag([]));
  });

  it('are flags Node accepts', () => {
    expect(execFileSync(process.execPath, [...serverNodeFlags(2), '-p', '6 * 7'], { encoding: 'utf8' }).trim()).toBe('42');
  });
});
