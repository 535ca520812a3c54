// The esbuild options every bundle of ours shares (build, benchmark, test harness): one CJS file
// for Node 20.
import { createRequire } from 'node:module';

/**
 * web-tree-sitter as its CommonJS build (what `require('web-tree-sitter')` resolves to): its ESM
 * build reads import.meta.url, which a CJS bundle lacks, and loads Node's modules by dynamic
 * `import()` into a function-scoped `require` of its own.
 */
const webTreeSitterCjs = {
  name: 'web-tree-sitter-cjs',
  setup(build) {
    const file = createRequire(import.meta.url).resolve('web-tree-sitter');
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: file }));
  },
};

export const bundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  plugins: [webTreeSitterCjs],
  // `import()` as `require()`: Node 20 keeps no dynamic-import callback for a script compiled from
  // cached data (server/src/startup/code-cache.ts), and ours load only Node's own modules.
  supported: { 'dynamic-import': false },
};

/** The same with a `#!/usr/bin/env node` line, for the two programs in package.json "bin". */
export const executableBundleOptions = { ...bundleOptions, banner: { js: '#!/usr/bin/env node' } };

/**
 * The language server's V8 flags (both threads: V8's flags are the process's). With V8's default
 * dynamic tiering, a grammar's functions run baseline-compiled (Liftoff) until found hot, and the
 * first whole parse of a document (the 2,000-line Keras model: ~75 KB) took 70-75 ms on the idle
 * machine and 110-230 ms under load; with `--no-wasm-dynamic-tiering` V8 compiles every function
 * with its optimising compiler in background threads from the start, and the first parse took
 * 43 ms idle, 100-140 ms under load, later parses as fast as before (bench/lsp-start.mjs).
 */
const SERVER_V8_FLAGS = ['--no-wasm-dynamic-tiering'];

/**
 * The programs in dist/: each a small launcher (server/src/startup/launcher.ts, built with the
 * name of its bundle and the V8 flags it sets before compiling it) that compiles its bundle
 * through the code cache and calls its `main`. The CLI sets its own (cli/main.ts: baseline only
 * for small inputs).
 */
export const programs = [
  { launcher: 'cli.js', bundle: 'cli-bundle.js', entry: 'server/src/cli/main.ts', executable: true, v8Flags: [] },
  { launcher: 'worker.js', bundle: 'worker-bundle.js', entry: 'server/src/lsp/worker-main.ts', executable: false, v8Flags: SERVER_V8_FLAGS },
  { launcher: 'server.js', bundle: 'server-bundle.js', entry: 'server/src/lsp/main.ts', executable: true, v8Flags: SERVER_V8_FLAGS },
];

/** The esbuild options of a program's launcher (entry point and output file aside). */
export const launcherOptions = (program) => ({
  ...(program.executable ? executableBundleOptions : bundleOptions),
  define: { SHAPELENS_BUNDLE: JSON.stringify(program.bundle), SHAPELENS_V8_FLAGS: JSON.stringify(program.v8Flags) },
});
export const LAUNCHER_ENTRY = 'server/src/startup/launcher.ts';
