/**
 * The environment the VS Code client starts the server with (client/src/serverFlags.ts ·
 * serverEnvironment): the editor's, less NODE_EXTRA_CA_CERTS, which Node reads at process start
 * (its file costs each start tens of milliseconds) and the server, which makes no network
 * connection, never needs. vscode-languageclient lays the `env` it is handed over the extension
 * host's own (lib/node/main.js · getEnvironment: `Object.keys(env).forEach(key => result[key] =
 * env[key])`), and Node's child_process leaves out a variable set to undefined.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { serverEnvironment } from '../../client/src/serverFlags.js';

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
