// The esbuild options every bundle of ours shares (build, benchmark, test harness): one CJS file
// for Node 20.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

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
 * The programs in dist/: each a small launcher (server/src/startup/launcher.ts, built with the
 * name of its bundle) that compiles its bundle through the code cache and calls its `main`; the
 * language server's starts its analysis worker (`worker`, a launcher in dist/) before that.
 */
export const programs = [
  { launcher: 'cli.js', bundle: 'cli-bundle.js', entry: 'server/src/cli/main.ts', executable: true, worker: '' },
  { launcher: 'worker.js', bundle: 'worker-bundle.js', entry: 'server/src/lsp/worker-main.ts', executable: false, worker: '' },
  { launcher: 'server.js', bundle: 'server-bundle.js', entry: 'server/src/lsp/main.ts', executable: true, worker: 'worker.js' },
];

/**
 * The esbuild options of a program's launcher (entry point and output file aside), built after its
 * bundle in `dist`: the launcher keys the code cache by the bundle's sha256, taken here
 * (server/src/startup/code-cache.ts).
 */
export const launcherOptions = (program, dist = 'dist') => ({
  ...(program.executable ? executableBundleOptions : bundleOptions),
  define: {
    SHAPELENS_BUNDLE: JSON.stringify(program.bundle),
    SHAPELENS_WORKER: JSON.stringify(program.worker),
    SHAPELENS_BUNDLE_SHA256: JSON.stringify(createHash('sha256').update(readFileSync(path.join(dist, program.bundle))).digest('hex')),
  },
});
export const LAUNCHER_ENTRY = 'server/src/startup/launcher.ts';
