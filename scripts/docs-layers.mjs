// Regenerates docs/LAYERS.md from the Python catalog (server/src/python/catalog/layers-doc.ts),
// bundled on the fly with esbuild so the TypeScript source is the only definition.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = mkdtempSync(join(tmpdir(), 'shapelens-docs-'));
try {
  const outfile = join(dir, 'layers-doc.mjs');
  await build({ entryPoints: ['server/src/python/catalog/layers-doc.ts'], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'error' });
  const { layersMarkdown } = await import(pathToFileURL(outfile).href);
  writeFileSync('docs/LAYERS.md', layersMarkdown());
  console.log('docs/LAYERS.md written');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
