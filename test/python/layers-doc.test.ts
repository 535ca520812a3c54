/** docs/LAYERS.md is generated from the catalog: this fails when it is out of date (`npm run docs:layers`). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layersMarkdown } from '../../server/src/python/catalog/layers-doc.js';
import { LAYER_VERSIONS } from '../../server/src/python/catalog/layer-versions.js';

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
  it('has a row for every name the releases export (scripts/layer-versions.mjs): covered, or not covered with the reason', () => {
    const doc = layersMarkdown();
    const rows = doc.split('\n').filter((l) => l.startsWith('| `'));
    const missing = Object.keys(LAYER_VERSIONS).filter((n) => !rows.some((l) => l.includes(`\`${n}\``)));
    expect(missing).toEqual([]);
  });
  it('gives each class the releases that export it (keras-team/keras tags, scripts/layer-versions.mjs)', () => {
    const doc = layersMarkdown();
    const versions = (cls: string) => doc.split('\n').find((l) => l.startsWith(`| \`${cls}\` |`))?.split(' | ')[3];
    // keras/layers/core.py in 1.2.2 and 2.3.1; tf.keras and Keras 3 export it throughout.
    expect(versions('Dense')).toBe('Keras 1.2, Keras 2.0–2.3, tf.keras ≤2.6–2.15, Keras 3.0+');
    // keras/layers/normalization/group_normalization.py appears at v2.11.0.
    expect(versions('GroupNormalization')).toBe('tf.keras 2.11–2.15, Keras 3.0+');
    // Keras 3 dropped the locally connected layers.
    expect(versions('LocallyConnected2D')).toBe('Keras 1.2, Keras 2.0–2.3, tf.keras ≤2.6–2.15');
    expect(versions('MultiHeadAttention')).toBe('tf.keras ≤2.6–2.15, Keras 3.0+');
    // Keras 2.0–2.3 export keras/legacy/layers.py's function of that name (keras/layers/__init__.py).
    expect(versions('AtrousConvolution2D')).toBe('Keras 1.2, Keras 2.0–2.3');
    // `Deconvolution2D = Deconv2D = Conv2DTranspose` (keras/layers/convolutional.py, 2.0.0–2.3.1).
    expect(versions('Deconv2D')).toBe('Keras 1.2, Keras 2.0–2.3');
    const frameworks = (cls: string) => doc.split('\n').find((l) => l.startsWith(`| \`${cls}\` |`))?.split(' | ')[2];
    // Read off the versions: standalone Keras only; Keras 3 dropped ThresholdedReLU.
    expect(frameworks('Deconv2D')).toBe('Keras 2');
    expect(frameworks('ThresholdedReLU')).toBe('Keras 2, tf.keras');
  });
});
