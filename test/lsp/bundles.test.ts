/**
 * What each of the server's bundles holds (issue 12, cold start): the main thread runs the
 * connection and the document store, never the analyzer, so its bundle (dist/server-bundle.js)
 * holds no front end, no grammar runtime and no resolver; the worker runs the analysis and the
 * views, never the connection, so its bundle (dist/worker-bundle.js) holds no vscode-languageserver
 * (its protocol constants come from vscode-languageserver-types). A stray import would put either
 * back: before this split the main bundle was 1.40 MB (the analyzer through documents.ts,
 * modules.ts, notebooks.ts and worker-pool.ts) and the worker's 1.28 MB (through convert.ts).
 */
import { build } from 'esbuild';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BuildOptions } from 'esbuild';

const ROOT = path.resolve(__dirname, '../..');

/** The source files esbuild puts in `entry`'s bundle, with the options `npm run build` uses. */
async function bundledInputs(entry: string): Promise<string[]> {
  const { bundleOptions } = (await import(pathToFileURL(path.join(ROOT, 'scripts/bundle-options.mjs')).href)) as { bundleOptions: BuildOptions };
  const result = await build({ ...bundleOptions, entryPoints: [entry], write: false, metafile: true, outfile: 'bundle.js', absWorkingDir: ROOT, logLevel: 'error' });
  return Object.keys(result.metafile.inputs);
}

describe("the server's bundles", () => {
  it('the main thread loads no analyzer, grammar runtime or resolver', async () => {
    const inputs = await bundledInputs('server/src/lsp/main.ts');
    expect(inputs).toContain('server/src/lsp/server.ts');
    const analyzer = inputs.filter((f) => /^server\/src\/(python|caffe|parsing)\/|web-tree-sitter|^server\/src\/analyzer\/(?!sources\.ts)/.test(f));
    expect(analyzer).toEqual([]);
  });

  it('the analysis worker loads no language-server connection', async () => {
    const inputs = await bundledInputs('server/src/lsp/worker-main.ts');
    expect(inputs).toContain('server/src/lsp/convert.ts');
    expect(inputs.filter((f) => /node_modules\/(vscode-languageserver|vscode-jsonrpc)\//.test(f))).toEqual([]);
  });
});
