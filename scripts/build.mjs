// Bundles the three programs with esbuild and puts the tree-sitter .wasm files beside them, so
// dist/ runs with no node_modules. Each program is a small launcher (server/src/startup/
// launcher.ts) that compiles its bundle through the code cache: dist/cli.js → dist/cli-bundle.js
// (shapelens), dist/server.js → dist/server-bundle.js (shapelens-lsp's main thread),
// dist/worker.js → dist/worker-bundle.js (its analysis worker); then dist/extension.js (the VS Code
// client), and the summary webview's script for the browser (dist/webview.js, with dagre, and
// its dist/webview.css).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { bundleOptions, LAUNCHER_ENTRY, launcherOptions, programs } from './bundle-options.mjs';

mkdirSync('dist', { recursive: true });
// Each launcher after its bundle: it holds the bundle's hash.
const launchers = programs.map(async (program) => {
  await build({ ...bundleOptions, sourcemap: true, entryPoints: [program.entry], outfile: `dist/${program.bundle}` });
  await build({ ...launcherOptions(program), entryPoints: [LAUNCHER_ENTRY], outfile: `dist/${program.launcher}` });
});
await Promise.all([
  ...launchers,
  build({ ...bundleOptions, sourcemap: true, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'warning', entryPoints: ['client/webview/main.ts'], outfile: 'dist/webview.js' }),
]);
for (const [from, to] of [
  ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'dist/web-tree-sitter.wasm'],
  ['grammars/prototxt/tree-sitter-prototxt.wasm', 'dist/tree-sitter-prototxt.wasm'],
  ['grammars/python/tree-sitter-python.wasm', 'dist/tree-sitter-python.wasm'],
]) copyFileSync(from, to);
// dist/webview.js bundles dagre and its graphlib (MIT): their licences ship beside it.
writeFileSync(
  'dist/webview.LICENSES.txt',
  ['@dagrejs/dagre', '@dagrejs/graphlib'].map((pkg) => `${pkg}\n\n${readFileSync(`node_modules/${pkg}/LICENSE`, 'utf8').trim()}\n`).join('\n---\n\n'),
);
for (const { launcher, executable } of programs) if (executable) chmodSync(`dist/${launcher}`, 0o755);
