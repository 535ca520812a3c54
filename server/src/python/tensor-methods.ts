/**
 * Methods of arrays and tensors (`x_train.reshape(60000, 784)`, `x.astype('float32')`,
 * `x.transpose(0, 2, 3, 1)`, `x.mean(axis=0)`, `x.flatten()`): NumPy's `ndarray` methods, which are
 * the functions of ./catalog/numpy/ with the array first (numpy.ndarray docs). `reshape` and
 * `transpose` also take their sizes as separate arguments.
 */
import { lookupOp } from './catalog/index.js';
import { builtin } from './builtin-fn.js';
import { callValue } from './calls.js';
import type { Interp } from './interp.js';
import { tuple, UNKNOWN, type ArgVal, type CallArgs, type TensorV, type Value } from './values.js';

/** Method name → the NumPy function it calls; `packs`: several positional ints are one tuple argument. */
const METHODS: Record<string, { fn: string; packs?: boolean; keepsArgs?: boolean }> = {
  reshape: { fn: 'reshape', packs: true },
  transpose: { fn: 'transpose', packs: true },
  squeeze: { fn: 'squeeze' },
  flatten: { fn: 'ravel' },
  ravel: { fn: 'ravel' },
  astype: { fn: 'copy', keepsArgs: false },
  copy: { fn: 'copy', keepsArgs: false },
  sum: { fn: 'sum' },
  mean: { fn: 'mean' },
  max: { fn: 'max' },
  min: { fn: 'min' },
  prod: { fn: 'prod' },
  std: { fn: 'std' },
  var: { fn: 'var' },
  argmax: { fn: 'argmax' },
  argmin: { fn: 'argmin' },
  take: { fn: 'take' },
  dot: { fn: 'dot' },
  clip: { fn: 'clip' },
  round: { fn: 'round' },
};

function withSelf(self: TensorV, args: CallArgs, packs: boolean, keepsArgs: boolean): CallArgs {
  const me: ArgVal = { value: self, node: null };
  if (!keepsArgs) return { positional: [me], keywords: new Map(), opaque: false };
  const pos = args.positional;
  if (packs && pos.length > 1) return { ...args, positional: [me, { value: tuple(pos.map((a) => a.value)), node: null }] };
  return { ...args, positional: [me, ...pos] };
}

/** `t.name` when it is an array method the catalog models; UNKNOWN otherwise. */
export function tensorMethod(it: Interp, t: TensorV, name: string): Value {
  const m = Object.hasOwn(METHODS, name) ? METHODS[name]! : null;
  const entry = m ? lookupOp('numpy', m.fn) : undefined;
  if (!m || !entry) return UNKNOWN;
  return builtin(name, (args, site) => callValue(it, { kind: 'opref', entry, flavour: 'tf' }, withSelf(t, args, m.packs ?? false, m.keepsArgs ?? true), site, name));
}
