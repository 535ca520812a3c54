// Writes the two nets of this folder that were written for Shape Lens (not copied: see SOURCES.md):
//   densenet121.prototxt     DenseNet-121 (Huang et al. 2017, Table 1: dense blocks of 6/12/24/16
//                            bottleneck layers, growth rate 32, transitions with compression 0.5), in
//                            the layout of the Caffe DenseNet ports: BatchNorm + Scale + ReLU before
//                            every conv, Concat per layer, and the forks' `ceil_mode: false` on pool1.
//   colorization.prototxt    the colorization net of Zhang et al. 2016 (Table 4: conv1–conv8, dilation
//                            2 in conv5/conv6, conv8 a stride-2 Deconvolution, 313 ab bins).
// Run `node test/data/caffe/write-own-nets.mjs` after changing it: the files are committed, and a
// test (test/caffe/corpus.test.ts) checks they are what this script writes.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One `layer { … }` block; `param` is the text of its `*_param` message, on one line. */
function layer(name, type, bottoms, top, param) {
  const lines = [`layer {`, `  name: "${name}"`, `  type: "${type}"`];
  for (const b of bottoms) lines.push(`  bottom: "${b}"`);
  if (top) lines.push(`  top: "${top}"`);
  if (param) lines.push(`  ${param}`);
  lines.push('}');
  return lines.join('\n');
}

const conv = (o) => `convolution_param { ${Object.entries(o).map(([k, v]) => `${k}: ${v}`).join(' ')} }`;

/** BatchNorm into `top`, then Scale (γ, β) and ReLU in place, as the Caffe ports place them. */
function bnScaleRelu(prefix, bottom, top) {
  return [
    layer(`${prefix}/bn`, 'BatchNorm', [bottom], top, 'batch_norm_param { eps: 1e-5 }'),
    layer(`${prefix}/scale`, 'Scale', [top], top, 'scale_param { bias_term: true }'),
    layer(`${prefix}/relu`, 'ReLU', [top], top),
  ];
}

function densenet121() {
  const growth = 32;
  const out = [
    'name: "DenseNet-121, written for Shape Lens tests"',
    'input: "data"',
    'input_shape { dim: 1 dim: 3 dim: 224 dim: 224 }',
    layer('conv1', 'Convolution', ['data'], 'conv1', conv({ num_output: 64, bias_term: false, kernel_size: 7, stride: 2, pad: 3 })),
    ...bnScaleRelu('conv1', 'conv1', 'conv1/bn'),
    // The forks' field (BVLC/caffe PR #3057): floor rounding, 112 → 56 as in Table 1 (ceil gives 57).
    layer('pool1', 'Pooling', ['conv1/bn'], 'pool1', 'pooling_param { pool: MAX kernel_size: 3 stride: 2 pad: 1 ceil_mode: false }'),
  ];
  let features = 'pool1';
  let channels = 64;
  [6, 12, 24, 16].forEach((count, index) => {
    const block = index + 2;
    for (let i = 1; i <= count; i++) {
      const x = `conv${block}_${i}`;
      out.push(...bnScaleRelu(`${x}/x1`, features, `${x}/x1/bn`));
      out.push(layer(`${x}/x1`, 'Convolution', [`${x}/x1/bn`], `${x}/x1`, conv({ num_output: 4 * growth, bias_term: false, kernel_size: 1 })));
      out.push(...bnScaleRelu(`${x}/x2`, `${x}/x1`, `${x}/x2/bn`));
      out.push(layer(`${x}/x2`, 'Convolution', [`${x}/x2/bn`], `${x}/x2`, conv({ num_output: growth, bias_term: false, kernel_size: 3, pad: 1 })));
      const concat = `concat_${block}_${i}`;
      out.push(layer(concat, 'Concat', [features, `${x}/x2`], concat, 'concat_param { axis: 1 }'));
      features = concat;
      channels += growth;
    }
    const blk = `conv${block}_blk`;
    out.push(...bnScaleRelu(blk, features, `${blk}/bn`));
    if (block === 5) return;
    channels /= 2;
    out.push(layer(blk, 'Convolution', [`${blk}/bn`], blk, conv({ num_output: channels, bias_term: false, kernel_size: 1 })));
    out.push(layer(`pool${block}`, 'Pooling', [blk], `pool${block}`, 'pooling_param { pool: AVE kernel_size: 2 stride: 2 }'));
    features = `pool${block}`;
  });
  out.push(layer('pool5', 'Pooling', ['conv5_blk/bn'], 'pool5', 'pooling_param { pool: AVE global_pooling: true }'));
  out.push(layer('fc6', 'Convolution', ['pool5'], 'fc6', conv({ num_output: 1000, kernel_size: 1 })));
  out.push(layer('prob', 'Softmax', ['fc6'], 'prob'));
  return out.join('\n') + '\n';
}

function colorization() {
  const out = [
    'name: "Colorization (Zhang et al. 2016, Table 4), written for Shape Lens tests"',
    layer('data_l', 'Input', [], 'data_l', 'input_param { shape { dim: 1 dim: 1 dim: 224 dim: 224 } }'),
  ];
  let bottom = 'data_l';
  // Table 4 per block: convs, channels, stride of the last conv, dilation, BatchNorm after the block.
  const blocks = [
    { n: 1, convs: 2, channels: 64, stride: 2, dilation: 1 },
    { n: 2, convs: 2, channels: 128, stride: 2, dilation: 1 },
    { n: 3, convs: 3, channels: 256, stride: 2, dilation: 1 },
    { n: 4, convs: 3, channels: 512, stride: 1, dilation: 1 },
    { n: 5, convs: 3, channels: 512, stride: 1, dilation: 2 },
    { n: 6, convs: 3, channels: 512, stride: 1, dilation: 2 },
    { n: 7, convs: 3, channels: 512, stride: 1, dilation: 1 },
  ];
  for (const b of blocks) {
    for (let i = 1; i <= b.convs; i++) {
      const name = `conv${b.n}_${i}`;
      const stride = i === b.convs ? b.stride : 1;
      const o = { num_output: b.channels, kernel_size: 3, pad: b.dilation, ...(stride > 1 ? { stride } : {}), ...(b.dilation > 1 ? { dilation: b.dilation } : {}) };
      out.push(layer(name, 'Convolution', [bottom], name, conv(o)));
      out.push(layer(`relu${b.n}_${i}`, 'ReLU', [name], name));
      bottom = name;
    }
    out.push(layer(`${bottom}norm`, 'BatchNorm', [bottom], `${bottom}norm`, 'batch_norm_param { }'));
    bottom = `${bottom}norm`;
  }
  // conv8: 2× upsampling, kernel 4, stride 2, pad 1 (the numbers of the seed's Deconvolution2D).
  out.push(layer('conv8_1', 'Deconvolution', [bottom], 'conv8_1', conv({ num_output: 256, kernel_size: 4, stride: 2, pad: 1 })));
  out.push(layer('relu8_1', 'ReLU', ['conv8_1'], 'conv8_1'));
  for (const i of [2, 3]) {
    out.push(layer(`conv8_${i}`, 'Convolution', [`conv8_${i - 1}`], `conv8_${i}`, conv({ num_output: 256, kernel_size: 3, pad: 1 })));
    out.push(layer(`relu8_${i}`, 'ReLU', [`conv8_${i}`], `conv8_${i}`));
  }
  out.push(layer('conv8_313', 'Convolution', ['conv8_3'], 'conv8_313', conv({ num_output: 313, kernel_size: 1 })));
  // Softmax temperature: a fixed Scale without bias (the net's annealed-mean rescaling).
  out.push(layer('conv8_313_rh', 'Scale', ['conv8_313'], 'conv8_313_rh', "scale_param { bias_term: false filler { type: 'constant' value: 2.606 } }"));
  out.push(layer('class8_313_rh', 'Softmax', ['conv8_313_rh'], 'class8_313_rh'));
  out.push(layer('class8_ab', 'Convolution', ['class8_313_rh'], 'class8_ab', conv({ num_output: 2, kernel_size: 1 })));
  out.push(layer('silence', 'Silence', ['class8_ab']));
  return out.join('\n') + '\n';
}

// Into this folder, or the folder named on the command line (the test compares the two).
const folder = process.argv[2] ?? fileURLToPath(new URL('.', import.meta.url));
writeFileSync(path.join(folder, 'densenet121.prototxt'), densenet121());
writeFileSync(path.join(folder, 'colorization.prototxt'), colorization());
