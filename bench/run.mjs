// `npm run bench`: bundles the analysis benchmark and runs it, then edits in process at four places
// of each Python file (bench/edits.ts), then the imports benchmark, the file at the size cap in process
// (bench/big-file.ts: parse and copy in parts, a file without repeated statements), then the
// language-server benchmark on resnet152.prototxt (the targets) and on the generated 2,000-line Keras
// model (reported only), the server's memory over an editing session (bench/memory.mjs), the server
// with a heavy document (bench/worker.mjs: other-document and cancel latency, the file at the cap) and the CLI
// as a process (bench/cli.mjs: start-up above bare node, the file at the size cap), the server's start with a
// cold and a warm code cache (bench/lsp-start.mjs).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { bundleOptions } from '../scripts/bundle-options.mjs';

await build({ ...bundleOptions, entryPoints: ['bench/analysis.ts'], outfile: 'dist/bench-analysis.cjs' });
execFileSync(process.execPath, ['--expose-gc', 'dist/bench-analysis.cjs'], { stdio: 'inherit' });
await build({ ...bundleOptions, entryPoints: ['bench/edits.ts'], outfile: 'dist/bench-edits.cjs' });
execFileSync(process.execPath, ['dist/bench-edits.cjs'], { stdio: 'inherit' });
await build({ ...bundleOptions, entryPoints: ['bench/imports.ts'], outfile: 'dist/bench-imports.cjs' });
execFileSync(process.execPath, ['dist/bench-imports.cjs'], { stdio: 'inherit' });
await build({ ...bundleOptions, entryPoints: ['bench/big-file.ts'], outfile: 'dist/bench-big-file.cjs' });
execFileSync(process.execPath, ['--expose-gc', 'dist/bench-big-file.cjs'], { stdio: 'inherit' });

// The timed edits start after a 1 s pause that follows the first hints, as a user reads a file before
// editing it (the server's idle warm-up runs then); the first edits after opening have a row of their own.
execFileSync(process.execPath, ['bench/lsp.mjs', '--settle', '1000', '--places'], { stdio: 'inherit' });
await build({ entryPoints: ['bench/inputs.ts'], outfile: 'dist/bench-inputs.mjs', format: 'esm', platform: 'node', logLevel: 'warning' });
const { resnetBlocksPython } = await import(pathToFileURL('dist/bench-inputs.mjs').href);
writeFileSync('dist/bench-keras-2000.py', resnetBlocksPython(2000));
execFileSync(process.execPath, ['bench/lsp.mjs', '--file', 'dist/bench-keras-2000.py', '--edit', 'Conv2D(64', '--settle', '1000', '--starts', '3', '--paused', '1', '--places'], { stdio: 'inherit' });
execFileSync(process.execPath, ['bench/memory.mjs'], { stdio: 'inherit' });
execFileSync(process.execPath, ['bench/worker.mjs'], { stdio: 'inherit' });
execFileSync(process.execPath, ['bench/lsp-start.mjs'], { stdio: 'inherit' });
execFileSync(process.execPath, ['bench/cli.mjs'], { stdio: 'inherit' });
