/**
 * The Node flags the language server runs with (client/src/extension.ts; the benches start it with
 * them too): Node options only. A V8 flag here would change V8's flag hash, and V8 would then
 * reject the code cache Node embeds for its own modules, which costs each of the server's threads
 * its start-up (server/src/startup/heap-flags.ts, where the server sets its heap flag at run time,
 * and lsp/worker-start.ts, which sizes the worker's young generation).
 *
 * `--v8-pool-size`: Node gives V8 four threads for its background work (concurrent marking,
 * optimising compiles, WebAssembly tier-up) whatever the machine; on two cores they take the core
 * from the analysis thread while it runs its first analysis. One thread fewer than the cores, from
 * one to Node's four: on this project's 2-core machine (`bench/lsp-start.mjs`, 2026-12-03, p50 of
 * 7 warm starts) the 2,000-line Keras model's first hints came after 345 ms with one, 362 with two
 * and 413 with four, ResNet-152's after 198, 191 and 234 ms; edits, the 8 M-character file and
 * peak memory measured the same or better (`bench/lsp.mjs`, `bench/worker.mjs`, `bench/memory.mjs`).
 */
export function serverNodeFlags(cores: number): readonly string[] {
  const pool = Math.min(4, Math.max(1, Math.floor(cores) - 1));
  return [`--v8-pool-size=${pool}`];
}

/**
 * Variables of the editor's environment the server is started without. Node reads the file
 * NODE_EXTRA_CA_CERTS names (certificates for TLS) at process start, before any JavaScript runs:
 * 43 ms of each start on this project's 2-core machine with Debian's 0.2 MB bundle (`node -e 0`
 * 71 ms with it, 28 ms without, 2026-12-03). The server makes no network connection, so it never
 * needs them.
 */
export const SERVER_ENV_UNSET: readonly string[] = ['NODE_EXTRA_CA_CERTS'];

/**
 * `base` (the editor's environment) with `extra`, as the server is started with it: the names of
 * SERVER_ENV_UNSET are there, set to undefined, so that an overlay on another environment
 * (vscode-languageclient lays `env` over the extension host's) clears them too; Node's
 * child_process leaves a variable set to undefined out of the child's environment.
 */
export function serverEnvironment(base: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...extra };
  for (const name of SERVER_ENV_UNSET) env[name] = undefined;
  return env;
}
