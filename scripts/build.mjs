// Bundles the three programs with esbuild and puts the tree-sitter .wasm files beside them, so
// dist/ runs with no node_modules: dist/cli.js (shapelens), dist/server.js (shapelens-lsp),
// dist/extension.js (the VS Code client).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
mkdirSync('dist', { recursive: true });
await Promise.all([
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
]);
for (const [from, to] of [
  ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'dist/web-tree-sitter.wasm'],
  ['grammars/prototxt/tree-sitter-prototxt.wasm', 'dist/tree-sitter-prototxt.wasm'],
  ['grammars/python/tree-sitter-python.wasm', 'dist/tree-sitter-python.wasm'],
]) copyFileSync(from, to);
chmodSync('dist/cli.js', 0o755);
chmodSync('dist/server.js', 0o755);
