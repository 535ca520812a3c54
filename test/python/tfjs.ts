/**
 * TensorFlow.js (npm `@tensorflow/tfjs-layers` on the pure-JS CPU backend) as the truth for Keras
 * layers: it implements Keras' layers with Keras' `computeOutputShape` and weights, so a test builds
 * the same model in it and compares every row's output shape and parameter count with ours.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

export { tfl };

let ready: Promise<boolean> | null = null;

/** Selects the CPU backend once (quietly: tfjs suggests tfjs-node on stdout otherwise). */
export function tfjsReady(): Promise<boolean> {
  tf.env().set('IS_TEST', true);
  return (ready ??= tf.setBackend('cpu'));
}

export type TruthShape = (number | null)[];

/** Every layer's output shape(s) and parameter count, as tfjs' model.summary() prints them. */
export function truthRows(model: tfl.LayersModel): [string, TruthShape | TruthShape[], number][] {
  return model.layers
    .filter((l) => l.getClassName() !== 'InputLayer')
    .map((l) => {
      const s = l.outputShape as TruthShape | TruthShape[];
      return [l.getClassName(), s, l.countParams()];
    });
}

/** One layer applied in tfjs to `keras.Input(shape=input)`: its output shape(s) and parameter count. */
export function tfjsLayer(layer: tfl.layers.Layer, input: number[]): { shape: TruthShape | TruthShape[]; params: number } {
  const x = tfl.input({ shape: input });
  const y = layer.apply(x) as tfl.SymbolicTensor | tfl.SymbolicTensor[];
  const shape = Array.isArray(y) ? y.map((t) => t.shape) : y.shape;
  return { shape, params: layer.countParams() };
}
