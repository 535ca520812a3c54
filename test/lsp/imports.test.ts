/**
 * The real server over LSP with a project of two Python files: the importer's hints follow the
 * imported file, and it is analysed again when that file changes on disk
 * (workspace/didChangeWatchedFiles) or in an open editor (its unsaved text wins over the disk).
 * Expected shapes: Keras' VALID conv rule out = in - k + 1 (keras-team/keras,
 * keras/src/ops/operation_utils.py, compute_conv_output_shape); Dense keeps all but the last axis.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileUri, TestClient } from './support/harness.js';
import { serverForSuite } from './support/suite.js';

const startClient = serverForSuite();

const blocks = (filters: number) => `from tensorflow.keras import layers


def conv(x):
    return layers.Conv2D(${filters}, 3)(x)
`;

const MAIN = `from tensorflow import keras
from nets.blocks import conv

inputs = keras.Input(shape=(28, 28, 1))
x = conv(inputs)
y = keras.layers.Dense(5)(x)
`;

function labels(hints: { position: { line: number }; label: unknown }[] | null, line: number): string[] {
  return (hints ?? []).filter((h) => h.position.line === line).map((h) => (typeof h.label === 'string' ? h.label : JSON.stringify(h.label)));
}

/** A workspace folder with main.py (open in the client) and, if asked, nets/blocks.py with 8 filters. */
async function openProject(withBlocks: boolean): Promise<{ root: string; c: TestClient; main: string }> {
  const root = mkdtempSync(path.join(tmpdir(), 'shapelens-imports-'));
  if (withBlocks) {
    mkdirSync(path.join(root, 'nets'));
    writeFileSync(path.join(root, 'nets', '__init__.py'), '');
    writeFileSync(path.join(root, 'nets', 'blocks.py'), blocks(8));
  }
  writeFileSync(path.join(root, 'main.py'), MAIN);
  const c = await startClient({ workspaceFolders: [root] });
  const main = fileUri(path.join(root, 'main.py'));
  await c.open(main, 'python', MAIN);
  return { root, c, main };
}

describe('Python imports over LSP', () => {
  it('re-analyses the importer when the imported file changes on disk or in an editor', async () => {
    const { root, c, main } = await openProject(true);
    const blocksPath = path.join(root, 'nets', 'blocks.py');

    // Only the document's own lines get hints: the Conv2D row sits in nets/blocks.py.
    const first = await c.hints(main);
    expect(labels(first, 4).join(' ')).toContain('(None, 26, 26, 8)');
    expect(labels(first, 5).join(' ')).toContain('(None, 26, 26, 5)');
    expect((first ?? []).every((h) => h.position.line <= 5)).toBe(true);
    expect((await c.waitDiagnostics(main, 1)).diagnostics).toEqual([]);

    // On disk, then the watched-files notification.
    writeFileSync(blocksPath, blocks(4));
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(blocksPath), type: 2 }] });
    expect(labels(await c.hints(main), 4).join(' ')).toContain('(None, 26, 26, 4)');

    // Opened and edited, not saved: the editor's text wins.
    const blocksUri = fileUri(blocksPath);
    await c.open(blocksUri, 'python', blocks(4));
    await c.change(blocksUri, blocks(2).replace('Conv2D(2, 3)', 'Conv2D(2, 5)'));
    expect(labels(await c.hints(main), 4).join(' ')).toContain('(None, 24, 24, 2)');

    // Closed without saving: the disk's text again.
    await c.close(blocksUri);
    expect(labels(await c.hints(main), 4).join(' ')).toContain('(None, 26, 26, 4)');
    expect(c.errors).toEqual([]);
  });

  it('an import that finds nothing is one information note, until the file is created', async () => {
    const { root, c, main } = await openProject(false);
    const d = await c.waitDiagnostics(main, 1);
    expect(d.diagnostics.map((x) => [x.range.start.line, x.severity, x.code])).toEqual([[1, 3, 'unresolved-import']]);
    expect(labels(await c.hints(main), 4).join(' ')).not.toContain('26');

    mkdirSync(path.join(root, 'nets'));
    writeFileSync(path.join(root, 'nets', 'blocks.py'), blocks(8));
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(root, 'nets', 'blocks.py')), type: 1 }] });
    expect(labels(await c.hints(main), 4).join(' ')).toContain('(None, 26, 26, 8)');
    expect(c.errors).toEqual([]);
  });
});
