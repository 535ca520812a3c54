/**
 * LocallyConnected1D/2D (tf.keras 2 only; removed in Keras 3): a conv whose weights are not shared
 * across positions. Rules: keras-team/keras v2.x keras/layers/locally_connected/locally_connected1d.py
 * and locally_connected2d.py `build` — kernel (positions, ∏k·C, filters), bias (positions…, filters);
 * only padding 'valid' exists in implementation 1 (the default); 'same' needs implementation 2 or 3.
 */
import { isKnown, productOf } from '../../../engine/dim.js';
import { exact } from '../../../engine/cost.js';
import { channelsFirstOf, paddingOf, windowed } from '../shapes.js';
import { kerasWindow } from '../common.js';
import { countArg } from '../sizes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

function locallyConnected(call: OpCall, spatial: number): OpResult {
  const what = `LocallyConnected${spatial}D`;
  const a = call.args;
  // LocallyConnected2D.__init__ keeps `filters` unchecked (v2.15 keras/layers/locally_connected/
  // locally_connected2d.py): it only becomes the kernel's size.
  const filters = countArg(call, 'filters', 'count', what);
  // No dilation_rate: the class has none.
  const { kernel, strides } = kerasWindow(call, spatial, what);
  const bias = a.bool('use_bias', true);
  return windowed(call, call.input, {
    op: 'convolution',
    framework: 'keras',
    what,
    spatial,
    kernel,
    strides,
    dilation: Array<number>(spatial).fill(1),
    padding: paddingOf(a.str('padding', 'valid'), spatial),
    channelsFirst: channelsFirstOf(call),
    outChannels: () => filters,
    cost: (cin, cout, outSpatial) => {
      const positions = productOf(outSpatial);
      if (!kernel || !isKnown(cin) || !isKnown(cout) || !isKnown(positions) || bias === null) return { params: null, macs: null };
      const perPosition = productOf(kernel) as number;
      return { params: exact(positions * perPosition * cin * cout + (bias ? positions * cout : 0)), macs: exact(positions * perPosition * cin * cout) };
    },
  });
}

export const LOCALLY_CONNECTED_ENTRIES: OpEntry[] = [1, 2].map((n) => ({
  names: [`LocallyConnected${n}D`],
  namespaces: ['keras.layers'],
  kind: 'layer',
  frameworks: 'Keras 2, tf.keras 2 (removed in Keras 3)',
  params: ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'activation', 'use_bias'],
  apply: (call: OpCall) => locallyConnected(call, n),
}));

