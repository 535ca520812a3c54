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
    ['    1         6', '   |· · · · · ·|0', 'w0 |_____|', 'w1     |_____|', 'w2         |_____|'].join('\n'),
  );
});

test('fixed_padding k3 s2 (explicit 1, 1) on the same input: windows start in the pad', () => {
  expect(renderWindowDiagram(axis(6, 3, 2, { kind: 'explicit', before: 1, after: 1 }))).toBe(
    ['      1         6', '    0|· · · · · ·|0', 'w0 |_____|', 'w1     |_____|', 'w2         |_____|'].join('\n'),
  );
});

test('long axes keep the first two windows and the last, labelled with their output index, within 50 columns', () => {
  // TF SAME k7 s2 on 224: T = max(0, 111·2 + 7 − 224) = 5, pads 2 before, 3 after (SHAPE_SEMANTICS §1.6).
  const lines = renderWindowDiagram(axis(224, 7, 2, { kind: 'same' }))!.split('\n');
  expect(lines).toEqual([
    '          1                   224',
    '      0 0|· · · · · · · … · · · ·|0 0 0',
    'w0   |_____________|',
    'w1       |_____________|',
    ' ⋮',
    'w111                     |_____________|',
  ]);
});

test('a window too wide for two-column cells is drawn with one-column cells', () => {
  // AlexNet conv1 in Caffe: k11 s4 pad 0 on 227 → 55 (Krizhevsky et al. 2012; bvlc_alexnet deploy.prototxt).
  const lines = renderWindowDiagram(axis(227, 11, 4, { kind: 'caffe-conv', pad: 0 }))!.split('\n');
  expect(lines[2]).toBe('w0  [_________]');
  expect(lines[lines.length - 1]).toMatch(/^w54 +\[_________\]$/);
  for (const l of lines) expect([...l].length).toBeLessThanOrEqual(50);
  // Wider than 50 columns even so (DeepLab's rate-12 3×3 on 65): no picture rather than one that wraps.
  expect(renderWindowDiagram(axis(65, 3, 1, { kind: 'same' }, 12))).toBeNull();
});

test('a Caffe ceil-mode window that runs past the input is drawn over a clipped cell', () => {
  expect(renderWindowDiagram(axis(112, 3, 2, { kind: 'caffe-pool', pad: 0, round: 'ceil', anyPad: false }))!.split('\n')[1]).toMatch(/· ·\|-$/);
});

test('dilated windows mark their taps', () => {
  expect(renderWindowDiagram(axis(10, 3, 1, { kind: 'same' }, 2))!.split('\n')[2]).toBe('w0 |*___*___*|');
});

test('unknown sizes draw nothing', () => {
  expect(renderWindowDiagram(axis(null as never, 3, 2, { kind: 'same' }))).toBeNull();
});

test('cross-framework notes: TF SAME vs Caffe/fixed_padding, Caffe conv vs SAME, Caffe pool vs Keras', () => {
  expect(crossFrameworkNote(axis(56, 3, 2, { kind: 'same' }))).toBe(
    'Caffe `pad: 1` (PyTorch `padding=1`) and fixed_padding pad 1 before and 1 after, whatever the input size.',
  );
  expect(crossFrameworkNote(axis(57, 3, 2, { kind: 'same' }))).toBeNull();
  // An even kernel has no symmetric Caffe pad: k4 s2 SAME on 8 pads (1, 1); fixed_padding pads ⌊3/2⌋ = 1, then 2.
  expect(crossFrameworkNote(axis(8, 4, 2, { kind: 'same' }))).toBe('fixed_padding pads 1 before and 2 after, whatever the input size.');
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
