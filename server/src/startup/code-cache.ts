/**
 * Runs a bundle (scripts/build.mjs) through V8's code cache, so that a process after the first
 * does not compile it again: the bundle is compiled by `vm.Script` with the bytecode an earlier
 * run saved (`cachedData`), the mechanism Node 22's module compile cache uses (Node 20 has none).
 *
 * Safe by construction: a cache file is named for the bundle's path and keyed by the sha256 of
 * its text taken at build time (scripts/bundle-options.mjs hands it to the launcher), the file's
 * size and modification time, Node's version and the architecture, so a rebuilt bundle, a bundle
 * edited or copied over since, or another Node never reads another's bytecode (only an edit by
 * hand that keeps the size and sets the modification time back would go unseen); V8 itself rejects
 * data made under other V8 flags or of another length, and a rejected cache only costs the
 * compile it would have saved. Not hashing the text at each start spares the hash (1 ms for the
 * CLI's 0.85 MB) and loading node:crypto (1.3 ms in each process and worker thread). Every file
 * error (no cache directory, not writable, a file being written by another process) means
 * compiling as Node would: the cache can make a run faster, never different.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Script } from 'node:vm';
import type { StartedWorker } from '../lsp/worker-start.js';

/** What a bundle's `main` is handed: the cache it was compiled from, to save once the run has compiled what it uses. */
export interface CodeCache {
  /**
   * Saves the bytecode V8 holds now for the bundle (its top level and every function the run has
   * called so far) when the cache was missing or rejected, or does not yet cover one of `topics`
   * (what the run exercised, e.g. the languages it analysed: a cache saved after a prototxt run
   * lacks the Python front end's functions). Costs a few milliseconds when it writes; never throws.
   */
  save(topics: readonly string[]): void;
}

/** A bundle's exports: its entry point, handed the analysis worker its launcher started (the language server's) or null. */
export interface Bundle {
  readonly main: (cache: CodeCache, worker: StartedWorker | null) => void;
}

/** The cache file: a little-endian u32 header length, the header's JSON, then V8's data. */
interface Header {
  /** What the runs that saved it exercised (CodeCache.save). */
  readonly topics: readonly string[];
  /** The bundle's path (absent in files of earlier versions): its cache goes when it does. */
  readonly bundle?: string;
}

/** A header's JSON as a Header, or null. */
function parseHeader(json: string): Header | null {
  try {
    const header: unknown = JSON.parse(json);
    if (typeof header !== 'object' || header === null || !('topics' in header) || !Array.isArray(header.topics)) return null;
    const topics = header.topics.filter((t): t is string => typeof t === 'string');
    return 'bundle' in header && typeof header.bundle === 'string' ? { topics, bundle: header.bundle } : { topics };
  } catch {
    return null;
  }
}

/** A 53-bit hash of `text` (cyrb53) as hex: names, not secrets, so no node:crypto to load. */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** What identifies the bytes of a bundle file: its build's hash (`build`), size and modification time. */
export interface BundleStamp {
  readonly build: string;
  readonly size: bigint;
  readonly mtimeNs: bigint;
}

/** The name of `bundle`'s cache files, and the one for the bundle as it is now (`stamp`). */
export function cacheFileNames(bundle: string, stamp: BundleStamp, runtime: string): { prefix: string; file: string } {
  const prefix = `${path.basename(bundle, '.js')}-${hash53(path.resolve(bundle))}-`;
  return { prefix, file: `${prefix}${stamp.build.slice(0, 16)}-${hash53(`${runtime}\n${stamp.size}\n${stamp.mtimeNs}`)}.v8cache` };
}

/** The bundle's bytes and stamp, read through one descriptor (the stamp is of the bytes read). */
function readBundle(bundle: string, build: string): { bytes: Buffer; stamp: BundleStamp } {
  const fd = openSync(bundle, 'r');
  try {
    const { size, mtimeNs } = fstatSync(fd, { bigint: true });
    return { bytes: readFileSync(fd), stamp: { build, size, mtimeNs } };
  } finally {
    closeSync(fd);
  }
}

/** Node's version and the machine: bytecode is valid only for the V8 that made it. */
const RUNTIME = `${process.version} ${process.versions.v8} ${process.arch}`;

function readCache(file: string): { header: Header; data: Buffer } | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  if (bytes.length < 4) return null;
  const length = bytes.readUInt32LE(0);
  if (4 + length > bytes.length) return null;
  const header = parseHeader(bytes.subarray(4, 4 + length).toString('utf8'));
  return header ? { header, data: bytes.subarray(4 + length) } : null;
}

/** The header of the cache file `file` alone (not V8's data behind it), or null. */
function readHeader(file: string): Header | null {
  const fd = openSync(file, 'r');
  try {
    const length = Buffer.alloc(4);
    if (readSync(fd, length, 0, 4, 0) < 4) return null;
    const json = Buffer.alloc(Math.min(length.readUInt32LE(0), 1 << 16));
    return readSync(fd, json, 0, json.length, 4) === json.length ? parseHeader(json.toString('utf8')) : null;
  } finally {
    closeSync(fd);
  }
}

/** Whether the cache file `file` is ours and its bundle is gone (or unnamed: an earlier version's file). */
function orphaned(file: string): boolean {
  const header = readHeader(file);
  return header !== null && (header.bundle === undefined || !existsSync(header.bundle));
}

/** How old a temporary file is when its writer has died: a write takes milliseconds. */
const DEAD_WRITE_MS = 10 * 60 * 1000;

/**
 * Removes what no run will read again, when a cache is written: this bundle's caches of earlier
 * builds (`prefix`), the caches of bundles that are gone (an extension's earlier version, whose
 * folder, and so prefix, was another; and files of earlier versions, which name no bundle:
 * a bundle still there writes its own again) and dead writers' temporary files. Only files of
 * ours: the directory may be one the user named.
 */
function evict(directory: string, prefix: string, file: string): void {
  for (const name of readdirSync(directory)) {
    const entry = path.join(directory, name);
    try {
      if (/\.v8cache\.[\w-]+\.tmp$/.test(name)) {
        if (Date.now() - statSync(entry).mtimeMs > DEAD_WRITE_MS) rmSync(entry, { force: true });
      } else if (name.endsWith('.v8cache') && name !== file && (name.startsWith(prefix) || orphaned(entry))) {
        rmSync(entry, { force: true });
      }
    } catch {
      // Removed by another run meanwhile.
    }
  }
}

/** Writes through a file of its own and a rename, so a concurrent run reads a whole file or none. */
function writeCache(directory: string, prefix: string, file: string, header: Header, data: Buffer): void {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.length, 0);
    const target = path.join(directory, file);
    // Both threads of the server may write at once: the name is the writer's own.
    const temporary = `${target}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temporary, Buffer.concat([length, json, data]), { mode: 0o600 });
    renameSync(temporary, target);
    evict(directory, prefix, file);
  } catch {
    // Not writable (or full): the next run compiles, as this one did.
  }
}

/**
 * Compiles and runs the CommonJS bundle `bundle` (Node's module wrapper) with the cache in
 * `directory` (null: no cache), and returns its exports with the cache it was compiled from.
 * `build`: the sha256 of the bundle's text when it was built. `require`: the launcher's, which the
 * bundle loads Node's built-in modules with (the launcher sits beside it; `module.createRequire`
 * would load node:module and Node's ES module loader, ~0.9 ms in each process and thread).
 */
export function loadBundle(bundle: string, build: string, directory: string | null, require: NodeJS.Require): { exports: unknown; cache: CodeCache } {
  const { bytes, stamp } = readBundle(bundle, build);
  const names = directory === null ? null : cacheFileNames(bundle, stamp, RUNTIME);
  const saved = names && directory !== null ? readCache(path.join(directory, names.file)) : null;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString('utf8')}\n})`, {
    filename: bundle,
    ...(saved ? { cachedData: saved.data } : {}),
  });
  const accepted = saved !== null && !script.cachedDataRejected;
  const covered = new Set(accepted ? saved.header.topics : []);
  let written = false;
  const cache: CodeCache = {
    save(topics) {
      if (directory === null || names === null) return;
      if ((accepted || written) && topics.every((t) => covered.has(t))) return;
      for (const t of topics) covered.add(t);
      written = true;
      writeCache(directory, names.prefix, names.file, { topics: [...covered].sort(), bundle: path.resolve(bundle) }, script.createCachedData());
    },
  };
  const wrapper: unknown = script.runInThisContext();
  if (typeof wrapper !== 'function') throw new Error(`${bundle} did not compile to a module`);
  const module = { exports: {} as unknown };
  wrapper.call(module.exports, module.exports, require, module, bundle, path.dirname(bundle));
  return { exports: module.exports, cache };
}
