/**
 * The file Node starts (dist/cli.js, dist/server.js, dist/worker.js: scripts/build.mjs builds this
 * once per program, naming its bundle): it compiles the program's bundle beside it through the
 * code cache and calls the bundle's `main`, the language server's with its analysis worker started
 * already. Kept small, because Node compiles it on every start.
 */
import { homedir } from 'node:os';
import * as path from 'node:path';
import { startWorker, workerLimits } from '../lsp/worker-start.js';
import { codeCacheDirectory } from './cache-directory.js';
import { loadBundle, type Bundle } from './code-cache.js';

/** The bundle's file name in dist/ and the sha256 of its text (esbuild `define`, scripts/bundle-options.mjs). */
declare const SHAPELENS_BUNDLE: string;
declare const SHAPELENS_BUNDLE_SHA256: string;
/** The analysis worker's launcher the program starts before its bundle loads, or '' (scripts/bundle-options.mjs). */
declare const SHAPELENS_WORKER: string;

const isBundle = (exports: unknown): exports is Bundle => typeof exports === 'object' && exports !== null && 'main' in exports && typeof exports.main === 'function';

function home(): string {
  try {
    return homedir();
  } catch {
    return ''; // No home directory: no cache unless SHAPELENS_CACHE_DIR names one.
  }
}

// The language server's worker thread first: its start (~45 ms on a 2-core machine) overlaps the
// load of the server's bundle (~20 ms) instead of following it.
const worker = SHAPELENS_WORKER ? startWorker(path.join(__dirname, SHAPELENS_WORKER), workerLimits(process.execArgv)) : null;
const bundle = path.join(__dirname, SHAPELENS_BUNDLE);
const { exports, cache } = loadBundle(bundle, SHAPELENS_BUNDLE_SHA256, codeCacheDirectory(process.env, process.platform, home()), require);
if (!isBundle(exports)) throw new Error(`${bundle} exports no main`);
exports.main(cache, worker);
