// The runtime way users see shapes today, as a process: TensorFlow.js (npm `@tensorflow/tfjs-layers`
// on the pure-JS CPU backend) builds the same ResNet-50 as bench/inputs.ts `resnetHelpersPython([3, 4, 6, 3])`
// — keras-applications' resnet50.py blocks, layer for layer — and prints its summary.
// bench/cli.mjs times it against `shapelens` on the Python file. Usage: node bench/tfjs-resnet50.mjs
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

tf.env().set('IS_TEST', true);
await tf.setBackend('cpu');
const L = tfl.layers;

function block(input, kernelSize, [f1, f2, f3], stage, name, strides) {
  const conv = `res${stage}${name}_branch`;
  const bn = `bn${stage}${name}_branch`;
  let x = L.conv2d({ filters: f1, kernelSize: 1, strides: strides ?? 1, kernelInitializer: 'heNormal', name: `${conv}2a` }).apply(input);
  x = L.batchNormalization({ axis: 3, name: `${bn}2a` }).apply(x);
  x = L.activation({ activation: 'relu' }).apply(x);
  x = L.conv2d({ filters: f2, kernelSize, padding: 'same', kernelInitializer: 'heNormal', name: `${conv}2b` }).apply(x);
  x = L.batchNormalization({ axis: 3, name: `${bn}2b` }).apply(x);
  x = L.activation({ activation: 'relu' }).apply(x);
  x = L.conv2d({ filters: f3, kernelSize: 1, kernelInitializer: 'heNormal', name: `${conv}2c` }).apply(x);
  x = L.batchNormalization({ axis: 3, name: `${bn}2c` }).apply(x);
  let shortcut = input;
  if (strides !== undefined) {
    shortcut = L.conv2d({ filters: f3, kernelSize: 1, strides, kernelInitializer: 'heNormal', name: `${conv}1` }).apply(input);
    shortcut = L.batchNormalization({ axis: 3, name: `${bn}1` }).apply(shortcut);
  }
  x = L.add().apply([x, shortcut]);
  return L.activation({ activation: 'relu' }).apply(x);
}

const input = tfl.input({ shape: [224, 224, 3] });
let x = L.zeroPadding2d({ padding: 3, name: 'conv1_pad' }).apply(input);
x = L.conv2d({ filters: 64, kernelSize: 7, strides: 2, padding: 'valid', kernelInitializer: 'heNormal', name: 'conv1' }).apply(x);
x = L.batchNormalization({ axis: 3, name: 'bn_conv1' }).apply(x);
x = L.activation({ activation: 'relu' }).apply(x);
x = L.zeroPadding2d({ padding: 1, name: 'pool1_pad' }).apply(x);
x = L.maxPooling2d({ poolSize: 3, strides: 2 }).apply(x);
[3, 4, 6, 3].forEach((blocks, i) => {
  const f = 64 * 2 ** i;
  x = block(x, 3, [f, f, 4 * f], i + 2, 'a', i === 0 ? 1 : 2);
  for (let b = 1; b < blocks; b++) x = block(x, 3, [f, f, 4 * f], i + 2, String.fromCharCode(97 + b));
});
x = L.globalAveragePooling2d({ name: 'avg_pool' }).apply(x);
x = L.dense({ units: 1000, activation: 'softmax', name: 'fc1000' }).apply(x);
tfl.model({ inputs: input, outputs: x, name: 'resnet50' }).summary(120);
