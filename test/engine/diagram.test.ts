// The padding pictures for the two cases of SHAPE_SEMANTICS.md §1.6 (TF SAME vs fixed_padding,
// from tensorflow/models official/resnet/resnet_model.py · fixed_padding) and a Caffe ceil pool (§4.4).
import { expect, test } from 'vitest';
import { renderWindowDiagram } from '../../server/src/engine/diagram.js';
import { crossFrameworkNote } from '../../server/src/engine/explain.js';
import { windowAxis, type Padding } from '../../server/src/engine/window.js';

function axis(I: number, K: number, S: number, padding: Padding, D = 1) {
  const r = windowAxis(I, { kernel: K, stride: S, dilation: D }, padding);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

test('SAME k3 s2 on an even input pads (0, 1): windows start on the first pixel', () => {
  expect(renderWindowDiagram(axis(6, 3, 2, { kind: 'same' }))).toBe(
    ['|                 |pad', '| 1  2  3  4  5  6| 0', '|________|', '      |________|', '            |________|'].join('\n'),
  );
});

test('fixed_padding k3 s2 (explicit 1, 1) on the same input: windows start in the pad', () => {
  expect(renderWindowDiagram(axis(6, 3, 2, { kind: 'explicit', before: 1, after: 1 }))).toBe(
    ['pad|                 |pad', '  0| 1  2  3  4  5  6| 0', '|________|', '      |________|', '            |________|'].join('\n'),
  );
});

test('long axes keep the first two windows and the last, with the middle elided', () => {
  const lines = renderWindowDiagram(axis(224, 7, 2, { kind: 'same' }))!.split('\n');
  expect(lines[0]).toMatch(/^ +pad\| +\|pad$/);
  expect(lines[1]).toBe('   0   0|  1   2   3   4   5   6   7 …   221 222 223 224|  0   0   0');
  expect(lines.filter((l) => l.includes('|___'))).toHaveLength(3);
  expect(lines).toContain('   ⋮');
});

test('a Caffe ceil-mode window that runs past the input is drawn over a clipped cell', () => {
  expect(renderWindowDiagram(axis(112, 3, 2, { kind: 'caffe-pool', pad: 0, round: 'ceil', anyPad: false }))!.split('\n')[1]).toMatch(/111 112\|  ·$/);
});

test('dilated windows mark their taps', () => {
  expect(renderWindowDiagram(axis(10, 3, 1, { kind: 'same' }, 2))!.split('\n')[2]).toBe('|_*_____*_____*|');
});

test('unknown sizes draw nothing', () => {
  expect(renderWindowDiagram(axis(null as never, 3, 2, { kind: 'same' }))).toBeNull();
});

test('cross-framework notes: TF SAME vs Caffe/fixed_padding, Caffe conv vs SAME, Caffe pool vs Keras', () => {
  expect(crossFrameworkNote(axis(56, 3, 2, { kind: 'same' }))).toBe(
    'Caffe `pad: 1` (PyTorch `padding=1`) would pad 1 before and 1 after; TF SAME pads 0 before, 1 after here (on a 56 input): see fixed_padding, which always pads 1 before and 1 after.',
  );
  expect(crossFrameworkNote(axis(57, 3, 2, { kind: 'same' }))).toBeNull();
  expect(crossFrameworkNote(axis(224, 7, 2, { kind: 'caffe-conv', pad: 3 }))).toBe(
    "TF/Keras `padding='same'` would give the same size, but pad 2 before, 3 after; to match Caffe use ZeroPadding2D(3) + 'valid' (or tf.pad + VALID, or fixed_padding).",
  );
  // Caffe k3 s2 p0 on 56 → 27 (§4.2); SAME gives ⌈56/2⌉ = 28 with pads (0, 1).
  expect(crossFrameworkNote(axis(56, 3, 2, { kind: 'caffe-conv', pad: 0 }))).toBe(
    "TF/Keras `padding='same'` would give 28 instead of 27, and pad 0 before, 1 after; to match Caffe use padding='valid'.",
  );
  expect(crossFrameworkNote(axis(112, 3, 2, { kind: 'caffe-pool', pad: 0, round: 'ceil', anyPad: false }))).toBe(
    "Keras MaxPooling(3, 2): 'valid' gives 55, 'same' gives 56 (pads 0, 1); Caffe ceil mode gives 56.",
  );
});
