// Symbolic sizes in one canonical form (engine/dim.ts), and windows over symbolic kernels and
// strides (engine/window.ts · symbolicWindowAxis). Expected forms are identities of integer
// arithmetic (⌊(a − 1)/s⌋ + 1 = ⌈a/s⌉, ⌊⌊a/m⌋/n⌋ = ⌊a/(m·n)⌋ for m, n ≥ 1, Graham, Knuth & Patashnik,
// Concrete Mathematics §3.2) and the TF rules the engine encodes: tensorflow/core/framework/
// kernel_shape_util.cc · GetWindowedOutputSizeVerbose (VALID (I − E + S)/S, SAME (I + S − 1)/S), and
// tensorflow/models official/resnet/resnet_model.py · fixed_padding (pad_total = kernel_size − 1,
// pad_beg = pad_total // 2, pad_end = pad_total − pad_beg).
import { describe, expect, test } from 'vitest';
import { addDims, addN, ceilDivDims, ceilDivN, dimsEqual, floorDivDims, floorDivN, formatDim, mulDims, subDims, sym, type Dim } from '../../server/src/engine/dim.js';
import { substitute } from '../../server/src/engine/substitute.js';
import { symbolicWindowAxis, windowAxis } from '../../server/src/engine/window.js';

const H = sym('H');
const s = sym('s');
const k = sym('k');

describe('canonical form: equal sizes are equal values and print equal', () => {
  test('⌊(H − 1)/2⌋ + 1 is ⌈H/2⌉ (VALID k1 s2 and SAME s2)', () => {
    const valid = addN(floorDivN(addN(H, -1), 2), 1);
    expect(dimsEqual(valid, ceilDivN(H, 2))).toBe(true);
    expect(formatDim(valid)).toBe('ceil(H/2)');
  });
  test('⌊(H − 1)/s⌋ + 1 is ⌈H/s⌉ for a symbolic s', () => {
    const valid = addN(floorDivDims(addN(H, -1), s), 1);
    expect(dimsEqual(valid, ceilDivDims(H, s))).toBe(true);
    expect(formatDim(valid)).toBe('ceil(H/s)');
  });
  test('fixed_padding: pad_beg + pad_end = k − 1 whatever k is', () => {
    const total = addN(k, -1);
    const beg = floorDivN(total, 2);
    expect(formatDim(beg)).toBe('floor((k - 1)/2)');
    expect(formatDim(addDims(beg, subDims(total, beg)))).toBe('k - 1');
  });
  test('nested divisions fold: ⌈⌈H/2⌉/2⌉ = ⌈H/4⌉, a 2×2 pool of ⌈W/2⌉ is ⌊(W + 1)/4⌋', () => {
    expect(formatDim(ceilDivN(ceilDivN(H, 2), 2))).toBe('ceil(H/4)');
    expect(formatDim(addN(floorDivN(addN(ceilDivN(sym('W'), 2), -2), 2), 1))).toBe('floor((W + 1)/4)');
  });
  test('common factors cancel and multiples come out: ⌊(2H + 2)/4⌋ = ⌊(H + 1)/2⌋ = ⌈H/2⌉, ⌊(H + 2s)/s⌋ = ⌊H/s⌋ + 2', () => {
    expect(dimsEqual(floorDivN(addN(mulN2(H), 2), 4), ceilDivN(H, 2))).toBe(true);
    expect(dimsEqual(floorDivDims(addDims(H, mulDims(s, 2)), s), addN(floorDivDims(H, s), 2))).toBe(true);
    expect(floorDivDims(mulDims(s, 3), s)).toBe(3);
  });
  test('sums and products merge like terms, in one order', () => {
    expect(formatDim(subDims(addDims(H, sym('W')), H))).toBe('W');
    expect(dimsEqual(mulDims(H, sym('W')), mulDims(sym('W'), H))).toBe(true);
    expect(formatDim(mulDims(addN(H, 1), 2))).toBe('2*H + 2');
    expect(formatDim(addN(H, -2))).toBe('H - 2');
  });
  test('a constant added, ×1 and ÷1 keep the canonical form: (⌈H/2⌉ + 3) − 3 is ⌈H/2⌉, 1·H, ⌊H/1⌋ and ⌈H/1⌉ are H', () => {
    const half = ceilDivN(H, 2);
    expect(dimsEqual(addN(addN(half, 3), -3), half)).toBe(true);
    expect(formatDim(addN(half, 3))).toBe('ceil(H/2) + 3');
    expect(dimsEqual(addDims(5, addN(H, -5)), H)).toBe(true);
    for (const d of [mulDims(1, H), mulDims(H, 1), floorDivN(H, 1), ceilDivN(H, 1)]) expect(formatDim(d)).toBe('H');
    expect(addN(null, 0)).toBe(null);
    expect(mulDims(1, null)).toBe(null);
  });
  test('different sizes stay different; unknown equals nothing', () => {
    expect(dimsEqual(ceilDivN(H, 2), floorDivN(H, 2))).toBe(false);
    expect(dimsEqual(addN(H, 1), H)).toBe(false);
    expect(dimsEqual(null, null)).toBe(false);
  });
  test('a known divisor below 1 is an unknown size, never NaN or Infinity', () => {
    expect(floorDivDims(H, 0)).toBeNull();
    expect(ceilDivDims(7, 0)).toBeNull();
  });
});

/** Integer arithmetic on small random expressions: the canonical form, given values, is the plain value. */
describe('canonical form keeps the value (random expressions, every name given random values)', () => {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  type Node = { dim: Dim; value: (env: Map<string, number>) => number };
  const leaf = (): Node => {
    const r = rand(4);
    if (r === 0) {
      const n = rand(9) + 1;
      return { dim: n, value: () => n };
    }
    const name = ['H', 's', 'k'][r - 1]!;
    return { dim: sym(name), value: (env) => env.get(name)! };
  };
  const grow = (depth: number): Node => {
    if (depth === 0) return leaf();
    const a = grow(depth - 1);
    const b = depth > 1 && rand(2) === 0 ? grow(depth - 2) : leaf();
    switch (rand(5)) {
      case 0:
        return { dim: addDims(a.dim, b.dim), value: (e) => a.value(e) + b.value(e) };
      case 1:
        return { dim: subDims(a.dim, b.dim), value: (e) => a.value(e) - b.value(e) };
      case 2:
        return { dim: mulDims(a.dim, b.dim), value: (e) => a.value(e) * b.value(e) };
      case 3: {
        // Divide by a leaf (positive in every environment below).
        const d = leaf();
        return { dim: floorDivDims(a.dim, d.dim), value: (e) => Math.floor(a.value(e) / d.value(e)) };
      }
      default: {
        const d = leaf();
        return { dim: ceilDivDims(a.dim, d.dim), value: (e) => Math.ceil(a.value(e) / d.value(e)) };
      }
    }
  };
  test('400 expressions × 5 environments', () => {
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      const n = grow(1 + rand(4));
      for (let j = 0; j < 5; j++) {
        const env = new Map([
          ['H', rand(300) + 1],
          ['s', rand(5) + 1],
          ['k', rand(11) + 1],
        ]);
        if (n.dim === null) continue; // too large to follow: unknown is allowed, a wrong number is not
        expect(substitute(n.dim, env)).toBe(n.value(env));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1500);
  });
});

function mulN2(d: Dim): Dim {
  return mulDims(d, 2);
}

describe('windows over symbolic kernels and strides (symbolicWindowAxis)', () => {
  test('SAME over a symbolic stride: ⌈H/s⌉', () => expect(formatDim(symbolicWindowAxis(H, { kernel: k, stride: s, dilation: 1 }, { kind: 'same' }))).toBe('ceil(H/s)'));
  test('VALID over a symbolic kernel and stride: TF writes it ⌈(H − k + 1)/s⌉', () =>
    expect(formatDim(symbolicWindowAxis(H, { kernel: k, stride: s, dilation: 1 }, { kind: 'valid' }))).toBe('ceil((H - k + 1)/s)'));
  test('fixed_padding (pads (k − 1)//2 and the rest) then VALID is SAME: the official ResNet\'s point', () => {
    const total = addN(k, -1);
    const before = floorDivN(total, 2);
    const padded = symbolicWindowAxis(H, { kernel: k, stride: s, dilation: 1 }, { kind: 'explicit', before, after: subDims(total, before) });
    const same = symbolicWindowAxis(H, { kernel: k, stride: s, dilation: 1 }, { kind: 'same' });
    expect(dimsEqual(padded, same)).toBe(true);
    // Given ImageNet's numbers (k 7, s 2, 224), it is the size the engine computes for them: 112.
    const at = new Map<string, Dim>([['H', 224], ['k', 7], ['s', 2]]);
    const engine = windowAxis(224, { kernel: 7, stride: 2, dilation: 1 }, { kind: 'explicit', before: 3, after: 3 });
    expect(substitute(padded, at)).toBe(engine.ok ? engine.value.output : 'error');
  });
  test('a window exactly the input\'s size gives 1 whatever the stride', () => expect(symbolicWindowAxis(7, { kernel: 7, stride: s, dilation: 1 }, { kind: 'valid' })).toBe(1));
  test('dilation: E = d·(k − 1) + 1', () => expect(formatDim(symbolicWindowAxis(H, { kernel: 3, stride: 1, dilation: sym('d') }, { kind: 'valid' }))).toBe('H - 2*d'));
  test('a known bad parameter or an empty output is unknown, never an error or a negative size', () => {
    expect(symbolicWindowAxis(H, { kernel: 0, stride: s, dilation: 1 }, { kind: 'valid' })).toBeNull();
    expect(symbolicWindowAxis(H, { kernel: k, stride: -1, dilation: 1 }, { kind: 'same' })).toBeNull();
    expect(symbolicWindowAxis(2, { kernel: 3, stride: s, dilation: 1 }, { kind: 'valid' })).toBeNull();
  });
});
