/** docs/LAYERS.md is generated from the catalog: this fails when it is out of date (`npm run docs:layers`). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layersMarkdown } from '../../server/src/python/catalog/layers-doc.js';

describe('docs/LAYERS.md', () => {
  it('is what the catalog generates (run `npm run docs:layers` after changing the catalog)', () => {
    expect(readFileSync('docs/LAYERS.md', 'utf8')).toBe(layersMarkdown());
  });
  it('lists the classes issue 13 names first', () => {
    const doc = layersMarkdown();
    for (const cls of ['MultiHeadAttention', 'EinsumDense', 'GroupNormalization', 'Bidirectional', 'ConvLSTM3D', 'TextVectorization', 'Dot', 'LocallyConnected2D']) {
      expect(doc).toContain(`| \`${cls}\` |`);
    }
  });
});
