// `npm run bench`: bundles the analysis benchmark, runs it, then the language-server benchmark.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { bundleOptions } from '../scripts/bundle-options.mjs';

await build({ ...bundleOptions, entryPoints: ['bench/analysis.ts'], outfile: 'dist/bench-analysis.cjs' });
execFileSync(process.execPath, ['--expose-gc', 'dist/bench-analysis.cjs'], { stdio: 'inherit' });
if (existsSync('bench/lsp.mjs')) execFileSync(process.execPath, ['bench/lsp.mjs'], { stdio: 'inherit' });
