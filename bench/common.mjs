// What the out-of-process benches share: their options, the TypeScript modules they import (built
// with esbuild), the Node flags they start the language server with, quantiles and CPU time.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const args = process.argv.slice(2);

/** The value after `--name` on the command line, or `fallback`. */
export function opt(name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

/** bench/inputs.ts (the generated models and the edit places), built once per bench. */
export async function benchInputs() {
  return importTs('bench/inputs.ts');
}

/**
 * The Node flags the server starts with: `--node-args "..."` when given (`--node-args ""` for
 * none), else the VS Code client's (client/src/serverFlags.ts), so the benches measure what users run.
 */
export async function serverNodeArgs() {
  const given = opt('node-args', null);
  if (given !== null) return given.split(' ').filter(Boolean);
  return [...(await importTs('client/src/serverFlags.ts')).serverNodeFlags(availableParallelism())];
}

/**
 * The environment the server starts with: this process' with `extra`, less what the VS Code client
 * leaves out (client/src/serverFlags.ts · serverEnvironment).
 */
export async function serverEnv(extra = {}) {
  return (await importTs('client/src/serverFlags.ts')).serverEnvironment(process.env, extra);
}

/** Each TypeScript module a bench imports, built once per process (serverNodeArgs and serverEnv share one). */
const imported = new Map();

function importTs(entry) {
  let module = imported.get(entry);
  if (!module) {
    const outfile = path.join(root, 'dist/bench', `${path.basename(entry, '.ts')}.mjs`);
    module = build({ entryPoints: [path.join(root, entry)], outfile, format: 'esm', platform: 'node', logLevel: 'warning' }).then(() => import(pathToFileURL(outfile).href));
    imported.set(entry, module);
  }
  return module;
}

export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

/**
 * A child process' CPU time so far in ms (utime + stime of all its threads, /proc on Linux, 10 ms
 * ticks; null elsewhere): per edit over many edits it says what an edit costs the server, which
 * wall times on a loaded machine do not.
 */
export function cpuMs(child) {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
