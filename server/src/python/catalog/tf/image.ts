/**
 * `tf.image.*` ops.
 */
import { NO_COST } from '../../../engine/cost.js';
import { toShape } from '../../values.js';
import { out } from '../shapes.js';
import type { OpEntry } from '../types.js';

export const IMAGE_ENTRIES: OpEntry[] = [
  {
    names: ['resize', 'resize_images', 'resize_bilinear', 'resize_nearest_neighbor', 'resize_bicubic'],
    namespaces: ['tf.image'],
    kind: 'op',
    params: ['images', 'size'],
    apply: (call) => {
      const t = call.input;
      const size = call.args.get('size');
      const hw = size ? toShape(size) : null;
      if (t.kind !== 'tensor' || !t.shape || t.shape.length !== 4 || !hw || hw.length !== 2) return { output: out(null, call), cost: NO_COST };
      return { output: out([t.shape[0]!, hw[0]!, hw[1]!, t.shape[3]!], call), cost: NO_COST };
    },
  },
];
