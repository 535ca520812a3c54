/**
 * Starting an analysis worker thread (server/src/lsp/worker-start.ts): what the thread writes to
 * its stdout or stderr reaches the server's stderr, never its stdout, which carries the protocol's
 * stream when the server runs over stdio (a stray line there would break the client's parse of the
 * next message). The thread here is a script that writes to both and exits.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWorker } from '../../server/src/lsp/worker-start.js';

const dir = mkdtempSync(path.join(tmpdir(), 'shapelens-worker-start-'));
afterEach(() => vi.restoreAllMocks());

/** The text of every chunk `write` was called with. */
function written(spy: { mock: { calls: unknown[][] } }): string {
  return spy.mock.calls.map((c) => String(c[0])).join('');
}

describe('starting a worker thread', () => {
  it("sends the thread's stdout and stderr to the server's stderr", async () => {
    const script = path.join(dir, 'writes.mjs');
    writeFileSync(script, "console.log('stray stdout line'); console.error('stray stderr line');\n");
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { worker, views } = startWorker(script);
    // Each stream ends once the pipe has taken all it carried.
    await Promise.all([once(worker, 'exit'), once(worker.stdout, 'end'), once(worker.stderr, 'end')]);
    views.close();
    expect(written(stderr)).toContain('stray stdout line');
    expect(written(stderr)).toContain('stray stderr line');
    expect(written(stdout)).not.toContain('stray');
    rmSync(dir, { recursive: true, force: true });
  });
});
