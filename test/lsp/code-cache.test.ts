/**
 * The language server through its code cache (server/src/startup/code-cache.ts), as a user meets
 * it: the first session writes one cache per thread (the main thread's 2 s after start, the
 * worker's a second after each language's first analysis), and the next session is answered the
 * same and writes neither again: V8 rejects data made under other flags (a V8 flag set at run
 * time before a cache is saved would make every start compile again), and a rejected cache is
 * written again. Expected hints: the same server's without a cache.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileUri, realServer, ROOT, TestClient } from './support/harness.js';

const FILES = [path.join(ROOT, 'examples/official_resnet_stem.py'), path.join(ROOT, 'examples/resnet50.prototxt')];

/** The hints of both files in one session with `cacheDir` ('' for none), open until both threads have saved. */
async function session(cacheDir: string): Promise<unknown[]> {
  const client = await TestClient.start(await realServer(), { env: { SHAPELENS_CACHE_DIR: cacheDir } });
  try {
    const hints: unknown[] = [];
    for (const file of FILES) {
      const uri = fileUri(file);
      await client.open(uri, file.endsWith('.py') ? 'python' : 'prototxt', readFileSync(file, 'utf8'));
      hints.push(await client.hints(uri));
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(client.errors).toEqual([]);
    return hints;
  } finally {
    await client.stop();
  }
}

const saved = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.v8cache')).sort().map((n) => ({ n, mtime: statSync(path.join(dir, n)).mtimeMs, bytes: readFileSync(path.join(dir, n)) }));

describe('the language server through the code cache', () => {
  it('answers as without a cache, writes each thread’s cache once, then reads it', async () => {
    const uncached = await session('');
    expect(uncached.every((h) => Array.isArray(h) && h.length > 0)).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), 'shapelens-lsp-cc-'));
    expect(await session(dir)).toEqual(uncached);
    const first = saved(dir);
    expect(first.map((f) => f.n.replace(/-.*/, ''))).toEqual(['server', 'worker']);
    expect(await session(dir)).toEqual(uncached);
    expect(saved(dir)).toEqual(first);
  }, 60_000);
});
