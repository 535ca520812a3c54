/**
 * Parameter counts and multiply-accumulates. MACs follow Netscope's CNN analyzer
 * (dgschwend/netscope · src/analyzer.coffee: kernel volume × positions × C_in × C_out), but per
 * example (batch excluded, so deploy files with batch 10 read like batch 1) and divided by `group`;
 * params count weights and biases (Netscope counts weights only), as Keras' model.summary() does.
 */
import { isKnown, productOf, type Dim } from './dim.js';

export interface Cost {
  readonly params: number | null;
  readonly macs: number | null;
}

export const NO_COST: Cost = { params: 0, macs: 0 };

/** A count that JavaScript holds exactly, or unknown: never a rounded one. */
export function exact(n: number | null): number | null {
  return n !== null && Number.isSafeInteger(n) ? n : null;
}

/** Convolution (and transposed convolution): weights cout·(cin/group)·∏k plus cout biases. */
export function convCost(opts: {
  inChannels: Dim;
  outChannels: Dim;
  group: number;
  kernel: readonly number[];
  /** Positions the kernel is applied at: output spatial dims for conv, input spatial dims for deconv. */
  positions: readonly Dim[];
  bias: boolean;
}): Cost {
  const { inChannels: cin, outChannels: cout, group, kernel, positions, bias } = opts;
  if (!isKnown(cin) || !isKnown(cout)) return { params: null, macs: null };
  const perPosition = (cout * cin * kernel.reduce((a, b) => a * b, 1)) / group;
  const params = perPosition + (bias ? cout : 0);
  const count = positionCount(positions);
  return { params: exact(params), macs: count === null ? null : exact(perPosition * count) };
}

/** Fully connected: in·out weights plus out biases, applied at every leading position. */
export function denseCost(inFeatures: Dim, outFeatures: number, positions: readonly Dim[], bias: boolean): Cost {
  if (!isKnown(inFeatures)) return { params: null, macs: null };
  const count = positionCount(positions);
  return { params: exact(inFeatures * outFeatures + (bias ? outFeatures : 0)), macs: count === null ? null : exact(inFeatures * outFeatures * count) };
}

/**
 * How many positions, when known: a product of sizes is a number only when every factor is one or
 * one is 0 (a product of non-constant sums is never constant), so no symbolic product is built.
 */
function positionCount(positions: readonly Dim[]): number | null {
  if (positions.includes(0)) return 0;
  if (!positions.every(isKnown)) return null;
  const count = productOf(positions);
  return isKnown(count) ? count : null;
}
