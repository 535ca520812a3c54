// The code cache (server/src/startup/code-cache.ts) as a user meets it, through the built CLI: a
// run with a cache prints what a run without one prints; the first run writes the cache and the
// next uses it without writing it again; a bundle changed since (same length, which is all V8
// itself checks; or rebuilt, keeping its length and modification time), a damaged cache file or
// a directory that cannot be written never changes a result; a write removes the caches no run
// will read again. Expected output: the CLI's own, without a cache (SHAPELENS_CACHE_DIR empty).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { codeCacheDirectory } from '../../server/src/startup/cache-directory.js';

const INPUTS = ['examples/resnet50.prototxt', 'examples/official_resnet_stem.py'];

function cli(cli: string, cacheDir: string) {
  const r = spawnSync(process.execPath, [cli, ...INPUTS], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, SHAPELENS_CACHE_DIR: cacheDir } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cacheFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.v8cache'));

/**
 * The bundle's text with two same-length edits: one in a function the run calls, one in the
 * top level's code (the help text), whose bytecode a cache of the old text always holds.
 */
const edited = (text: string) => text.replace('total("MACs", counted', 'total("MACS", counted').replace('Nothing is executed.', 'Nothing is EXECUTED.');
const help = (launcher: string, cacheDir: string) => spawnSync(process.execPath, [launcher, '--help'], { encoding: 'utf8', env: { ...process.env, SHAPELENS_CACHE_DIR: cacheDir } }).stdout;
const uncached = cli('dist/cli.js', '');

describe('the CLI through the code cache', () => {
  test('prints what it prints without a cache, writes the cache once, then reads it', () => {
    expect(uncached.status).toBe(0);
    expect(uncached.stdout).toContain('Total MACs: 3,857,973,248');
    const dir = mkdtempSync(join(tmpdir(), 'shapelens-cc-'));
    expect(cli('dist/cli.js', dir)).toEqual(uncached);
    const [file] = cacheFiles(dir);
    expect(cacheFiles(dir)).toHaveLength(1);
    const written = statSync(join(dir, file!)).mtimeMs;
    const bytes = readFileSync(join(dir, file!));
    expect(cli('dist/cli.js', dir)).toEqual(uncached);
    // Accepted: V8 would have rejected data made under other flags, and a rejected cache is written again.
    expect(statSync(join(dir, file!)).mtimeMs).toBe(written);
    expect(readFileSync(join(dir, file!))).toEqual(bytes);
  });

  test('a bundle changed since the cache was written runs as changed', () => {
    const copy = mkdtempSync(join(tmpdir(), 'shapelens-cc-copy-'));
    const dist = join(copy, 'dist');
    cpSync('dist', dist, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'shapelens-cc-'));
    const launcher = join(dist, 'cli.js');
    expect(cli(launcher, dir).stdout).toBe(uncached.stdout);
    const bundle = join(dist, 'cli-bundle.js');
    const text = readFileSync(bundle, 'utf8');
    // The same length: V8's own check of cached data compares only the source's length.
    const changed = edited(text);
    expect(changed).not.toBe(text);
    expect(changed).toHaveLength(text.length);
    writeFileSync(bundle, changed);
    const r = cli(launcher, dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(uncached.stdout.replaceAll('Total MACs:', 'Total MACS:'));
    expect(help(launcher, dir)).toContain('Nothing is EXECUTED.');
    // The old build's cache was replaced by the new one's.
    expect(cacheFiles(dir)).toHaveLength(1);
  });

  test('a rebuilt bundle of the same length and modification time runs as rebuilt', () => {
    const copy = mkdtempSync(join(tmpdir(), 'shapelens-cc-copy-'));
    const dist = join(copy, 'dist');
    cpSync('dist', dist, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'shapelens-cc-'));
    const launcher = join(dist, 'cli.js');
    const bundle = join(dist, 'cli-bundle.js');
    // A whole second: utimes sets no finer time exactly.
    const stamp = new Date('2026-01-01T00:00:00Z');
    utimesSync(bundle, stamp, stamp);
    expect(cli(launcher, dir).stdout).toBe(uncached.stdout);
    const text = readFileSync(bundle, 'utf8');
    const changed = edited(text);
    writeFileSync(bundle, changed);
    utimesSync(bundle, stamp, stamp);
    // What scripts/build.mjs would write: the launcher with the new bundle's sha256.
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    const launcherText = readFileSync(launcher, 'utf8');
    expect(launcherText).toContain(sha(text));
    writeFileSync(launcher, launcherText.replace(sha(text), sha(changed)));
    expect(cli(launcher, dir).stdout).toBe(uncached.stdout.replaceAll('Total MACs:', 'Total MACS:'));
    expect(help(launcher, dir)).toContain('Nothing is EXECUTED.');
  });

  test("a write removes gone bundles' caches and dead writers' files, and keeps other bundles' caches", () => {
    const dir = mkdtempSync(join(tmpdir(), 'shapelens-cc-'));
    /** `dist` copied elsewhere and run once with `dir`: the cache file that run wrote. */
    const install = () => {
      const copy = mkdtempSync(join(tmpdir(), 'shapelens-cc-install-'));
      cpSync('dist', join(copy, 'dist'), { recursive: true });
      const before = new Set(cacheFiles(dir));
      cli(join(copy, 'dist', 'cli.js'), dir);
      const [file] = cacheFiles(dir).filter((n) => !before.has(n));
      return { copy, file: file! };
    };
    const other = install();
    const gone = install();
    rmSync(gone.copy, { recursive: true, force: true });
    // Temporary files: one a writer left an hour ago, one being written now.
    const dead = join(dir, `${other.file}.123-dead.tmp`);
    const live = join(dir, `${other.file}.456-live.tmp`);
    writeFileSync(dead, '');
    writeFileSync(live, '');
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(dead, hourAgo, hourAgo);
    const foreign = join(dir, 'not-ours.v8cache');
    writeFileSync(foreign, 'another program’s');
    expect(cli('dist/cli.js', dir)).toEqual(uncached);
    const mine = cacheFiles(dir).filter((n) => n !== other.file && n !== 'not-ours.v8cache');
    expect(mine).toHaveLength(1);
    expect(cacheFiles(dir).sort()).toEqual([other.file, mine[0]!, 'not-ours.v8cache'].sort());
    expect([existsSync(dead), existsSync(live)]).toEqual([false, true]);
  });

  test('a damaged cache file is compiled around and written again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shapelens-cc-'));
    cli('dist/cli.js', dir);
    const [file] = cacheFiles(dir);
    const path = join(dir, file!);
    const good = readFileSync(path);
    for (const damaged of [Buffer.alloc(0), good.subarray(0, 100), Buffer.concat([good.subarray(0, 40), Buffer.alloc(good.length - 40, 7)])]) {
      writeFileSync(path, damaged);
      expect(cli('dist/cli.js', dir)).toEqual(uncached);
      expect(readFileSync(path).length).toBeGreaterThan(1000);
    }
  });

  test('a cache directory that cannot be made changes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shapelens-cc-'));
    const notADirectory = join(dir, 'file');
    writeFileSync(notADirectory, '');
    expect(cli('dist/cli.js', join(notADirectory, 'cache'))).toEqual(uncached);
  });
});

describe('codeCacheDirectory', () => {
  test("the platform's per-user cache directory, or SHAPELENS_CACHE_DIR", () => {
    expect(codeCacheDirectory({}, 'linux', '/home/u')).toBe('/home/u/.cache/shapelens/code-cache');
    expect(codeCacheDirectory({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u')).toBe('/x/cache/shapelens/code-cache');
    // The XDG Base Directory spec: a relative path is to be ignored.
    expect(codeCacheDirectory({ XDG_CACHE_HOME: 'cache' }, 'linux', '/home/u')).toBe('/home/u/.cache/shapelens/code-cache');
    expect(codeCacheDirectory({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/shapelens/code-cache');
    expect(codeCacheDirectory({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u')).toContain('shapelens');
    expect(codeCacheDirectory({}, 'linux', '')).toBeNull();
    expect(codeCacheDirectory({ SHAPELENS_CACHE_DIR: '' }, 'linux', '/home/u')).toBeNull();
    expect(codeCacheDirectory({ SHAPELENS_CACHE_DIR: '/tmp/c' }, 'linux', '/home/u')).toBe('/tmp/c');
  });
});
