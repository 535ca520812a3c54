/**
 * The file Node starts (dist/cli.js, dist/server.js, dist/worker.js: scripts/build.mjs builds this
 * once per program, naming its bundle): it compiles the program's bundle beside it through the
 * code cache and calls the bundle's `main`. Kept small, because Node compiles it on every start.
 */
import { homedir } from 'node:os';
import * as path from 'node:path';
import { codeCacheDirectory } from './cache-directory.js';
import { loadBundle, type Bundle } from './code-cache.js';

/** The bundle's file name in dist/ and the sha256 of its text (esbuild `define`, scripts/bundle-options.mjs). */
declare const SHAPELENS_BUNDLE: string;
declare const SHAPELENS_BUNDLE_SHA256: string;

const isBundle = (exports: unknown): exports is Bundle => typeof exports === 'object' && exports !== null && 'main' in exports && typeof exports.main === 'function';

function home(): string {
  try {
    return homedir();
  } catch {
    return ''; // No home directory: no cache unless SHAPELENS_CACHE_DIR names one.
  }
}

const bundle = path.join(__dirname, SHAPELENS_BUNDLE);
const { exports, cache } = loadBundle(bundle, SHAPELENS_BUNDLE_SHA256, codeCacheDirectory(process.env, process.platform, home()));
if (!isBundle(exports)) throw new Error(`${bundle} exports no main`);
exports.main(cache);
