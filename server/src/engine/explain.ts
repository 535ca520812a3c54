/**
 * One-line cross-framework notes for hovers and porting hints: what the same window would do under
 * the other frameworks' padding rules (SHAPE_SEMANTICS.md §5.1, §5.2, §1.6).
 */
import { isKnown } from './dim.js';
import { windowAxis, type AxisResult, type Padding } from './window.js';

function pads(axis: AxisResult, padding: Padding): { out: number; before: number; after: number } | null {
  const r = windowAxis(axis.input, axis.window, padding);
  if (!r.ok || !isKnown(r.value.output) || r.value.padBefore === null || r.value.padAfter === null) return null;
  return { out: r.value.output, before: r.value.padBefore, after: r.value.padAfter };
}

/** A note when another framework's usual padding would place the windows differently, else null. */
export function crossFrameworkNote(axis: AxisResult): string | null {
  if (!isKnown(axis.input) || !isKnown(axis.output)) return null;
  const K = axis.window.kernel;
  const fixedBefore = Math.floor((axis.extent - 1) / 2);
  const fixedAfter = axis.extent - 1 - fixedBefore;
  switch (axis.padding.kind) {
    case 'same': {
      if (axis.padBefore === fixedBefore && axis.padAfter === fixedAfter) return null;
      // The hover has just said how SAME pads here: the note says only what the others do.
      if (axis.extent % 2 === 1) return `Caffe \`pad: ${fixedBefore}\` (PyTorch \`padding=${fixedBefore}\`) and fixed_padding pad ${fixedBefore} before and ${fixedAfter} after, whatever the input size.`;
      return `fixed_padding pads ${fixedBefore} before and ${fixedAfter} after, whatever the input size.`;
    }
    case 'caffe-conv': {
      const same = pads(axis, { kind: 'same' });
      if (!same || (same.before === axis.padBefore && same.after === axis.padAfter)) return null;
      const sizeNote = same.out === axis.output ? 'the same size, but' : `${same.out} instead of ${axis.output}, and`;
      const match = axis.padding.pad === 0 ? "use padding='valid'" : `use ZeroPadding2D(${axis.padding.pad}) + 'valid' (or tf.pad + VALID, or fixed_padding)`;
      return `TF/Keras \`padding='same'\` would give ${sizeNote} pad ${same.before} before, ${same.after} after; to match Caffe ${match}.`;
    }
    case 'caffe-pool': {
      const valid = pads(axis, { kind: 'valid' });
      const same = pads(axis, { kind: 'same' });
      const parts = [valid ? `'valid' gives ${valid.out}` : null, same ? `'same' gives ${same.out} (pads ${same.before}, ${same.after})` : null].filter((p) => p !== null);
      if (parts.length === 0) return null;
      return `Keras MaxPooling(${K}, ${axis.window.stride}): ${parts.join(', ')}; Caffe ${axis.padding.round} mode gives ${axis.output}.`;
    }
    default:
      return null;
  }
}
