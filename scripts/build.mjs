// Bundles the three programs with esbuild and puts the tree-sitter .wasm files beside them, so
// dist/ runs with no node_modules: dist/cli.js (shapelens), dist/server.js (shapelens-lsp),
// dist/extension.js (the VS Code client), and the summary webview's script for the browser
// (dist/webview.js, with dagre, and its dist/webview.css).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { bundleOptions, executableBundleOptions } from './bundle-options.mjs';

mkdirSync('dist', { recursive: true });
await Promise.all([
  build({ ...executableBundleOptions, sourcemap: true, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' }),
  build({ ...executableBundleOptions, sourcemap: true, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
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
chmodSync('dist/cli.js', 0o755);
chmodSync('dist/server.js', 0o755);
