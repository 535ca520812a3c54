/** Generated benchmark inputs, built from real models so they exercise real layer mixes. */

/** Ten independent copies of a prototxt net in one file: every blob and layer name gets a suffix. */
export function tenCopies(prototxt: string): string {
  return Array.from({ length: 10 }, (_, i) =>
    prototxt.replace(/\b(name|bottom|top|input):(\s*)"([^"]*)"/g, (_m, field: string, space: string, value: string) => `${field}:${space}"${value}_r${i}"`),
  ).join('\n');
}

/**
 * A Keras functional model of about `lines` lines: the tf.keras ResNet50 stem followed by
 * bottleneck blocks written out one statement per line (keras/applications/resnet.py style), a
 * comment line every ten blocks.
 */
export function resnetBlocksPython(lines: number): string {
  const out = [
    'from tensorflow import keras',
    'from tensorflow.keras import layers',
    '',
    'inputs = keras.Input(shape=(224, 224, 3))',
    'x = layers.ZeroPadding2D(3)(inputs)',
    "x = layers.Conv2D(64, 7, strides=2, name='conv1_conv')(x)",
    'x = layers.BatchNormalization()(x)',
    "x = layers.Activation('relu')(x)",
    'x = layers.ZeroPadding2D(1)(x)',
    'x = layers.MaxPooling2D(3, strides=2)(x)',
    "shortcut = layers.Conv2D(256, 1, name='proj')(x)",
  ];
  for (let b = 0; out.length < lines - 2; b++) {
    if (b % 10 === 9) out.push(`# blocks ${b + 1} to ${b + 10}: 64-64-256 bottlenecks`);
    out.push(
      `y = layers.Conv2D(64, 1, name='b${b}_1')(x)`,
      'y = layers.BatchNormalization()(y)',
      "y = layers.Activation('relu')(y)",
      `y = layers.Conv2D(64, 3, padding='same', name='b${b}_2')(y)`,
      'y = layers.BatchNormalization()(y)',
      "y = layers.Activation('relu')(y)",
      `y = layers.Conv2D(256, 1, name='b${b}_3')(y)`,
      'y = layers.BatchNormalization()(y)',
      `x = layers.Add()([${b === 0 ? 'shortcut' : 'x'}, y])`,
      "x = layers.Activation('relu')(x)",
    );
  }
  out.push('outputs = layers.GlobalAveragePooling2D()(x)', 'model = keras.Model(inputs, outputs)');
  return out.join('\n') + '\n';
}

/** `resnetBlocksPython` grown to just under `cap` characters (the size cap's benchmark), with its line count. */
export function resnetBlocksNear(cap: number): { text: string; lines: number } {
  let lines = 2000;
  let text = resnetBlocksPython(lines);
  // The generator ends the file with the model's two lines.
  lines = Math.floor((lines * cap) / text.length) - 200;
  text = resnetBlocksPython(lines);
  while (text.length > cap) text = resnetBlocksPython((lines -= 100));
  return { text, lines };
}

/**
 * A slow Python document: f0 applies a conv, each f(i) calls f(i−1) twice, up to f40 — 2^40 calls,
 * cut by the interpreter's step budget after seconds of work (the server's heavy-document tests).
 */
export function helperChainPython(): string {
  const lines = ['from tensorflow.keras import layers, Input', '', 'def f0(x):', "    return layers.Conv2D(8, 3, padding='same')(x)", ''];
  for (let i = 1; i <= 40; i++) lines.push(`def f${i}(x):`, `    return f${i - 1}(f${i - 1}(x))`, '');
  lines.push('y = f40(Input((32, 32, 3)))', '');
  return lines.join('\n');
}

/** `python` as a Jupyter notebook (nbformat 4) of `cells` code cells of about equal length, a markdown cell before each. */
export function notebookOf(python: string, cells: number): string {
  const lines = python.split('\n');
  const per = Math.ceil(lines.length / cells);
  const source = (text: string) => text.split(/(?<=\n)/);
  const out: unknown[] = [{ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: ['%matplotlib inline\n', '!nvidia-smi'] }];
  for (let i = 0; i < lines.length; i += per) {
    out.push({ cell_type: 'markdown', metadata: {}, source: [`## Part ${i / per + 1}`] });
    out.push({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: source(lines.slice(i, i + per).join('\n')) });
  }
  const metadata = { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' }, language_info: { name: 'python' } };
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata, cells: out }, null, 1);
}

/**
 * A ResNet written as keras-applications' resnet50.py writes it (`identity_block` / `conv_block`
 * helpers, one call per bottleneck block, layer names built from `stage` and `block`), on tf.keras
 * at module level. `stages` is the number of blocks per stage: [3, 4, 6, 3] is ResNet-50 (He et
 * al. 2015, Table 1); [3, 30, 48, 8] (89 blocks, about 1,000 layer calls) is a
 * keras-applications-size module.
 */
export function resnetHelpersPython(stages: readonly number[], name = 'resnet'): string {
  const block = (kind: 'identity' | 'conv') => {
    const conv = kind === 'conv';
    return [
      conv ? 'def conv_block(input_tensor, kernel_size, filters, stage, block, strides=(2, 2)):' : 'def identity_block(input_tensor, kernel_size, filters, stage, block):',
      '    filters1, filters2, filters3 = filters',
      "    conv_name_base = 'res' + str(stage) + block + '_branch'",
      "    bn_name_base = 'bn' + str(stage) + block + '_branch'",
      '',
      `    x = layers.Conv2D(filters1, (1, 1),${conv ? ' strides=strides,' : ''} kernel_initializer='he_normal', name=conv_name_base + '2a')(input_tensor)`,
      "    x = layers.BatchNormalization(axis=3, name=bn_name_base + '2a')(x)",
      "    x = layers.Activation('relu')(x)",
      '',
      "    x = layers.Conv2D(filters2, kernel_size, padding='same', kernel_initializer='he_normal', name=conv_name_base + '2b')(x)",
      "    x = layers.BatchNormalization(axis=3, name=bn_name_base + '2b')(x)",
      "    x = layers.Activation('relu')(x)",
      '',
      "    x = layers.Conv2D(filters3, (1, 1), kernel_initializer='he_normal', name=conv_name_base + '2c')(x)",
      "    x = layers.BatchNormalization(axis=3, name=bn_name_base + '2c')(x)",
      '',
      ...(conv
        ? [
            "    shortcut = layers.Conv2D(filters3, (1, 1), strides=strides, kernel_initializer='he_normal', name=conv_name_base + '1')(input_tensor)",
            "    shortcut = layers.BatchNormalization(axis=3, name=bn_name_base + '1')(shortcut)",
            '',
            '    x = layers.add([x, shortcut])',
          ]
        : ['    x = layers.add([x, input_tensor])']),
      "    x = layers.Activation('relu')(x)",
      '    return x',
      '',
      '',
    ];
  };
  const out = [
    `"""${name}: a ResNet in the style of keras-applications' resnet50.py (identity and conv blocks)."""`,
    'from tensorflow import keras',
    'from tensorflow.keras import layers',
    '',
    '',
    ...block('identity'),
    ...block('conv'),
    'img_input = keras.Input(shape=(224, 224, 3))',
    "x = layers.ZeroPadding2D(padding=(3, 3), name='conv1_pad')(img_input)",
    "x = layers.Conv2D(64, (7, 7), strides=(2, 2), padding='valid', kernel_initializer='he_normal', name='conv1')(x)",
    "x = layers.BatchNormalization(axis=3, name='bn_conv1')(x)",
    "x = layers.Activation('relu')(x)",
    "x = layers.ZeroPadding2D(padding=(1, 1), name='pool1_pad')(x)",
    'x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)',
  ];
  stages.forEach((blocks, i) => {
    const stage = i + 2;
    const f = 64 * 2 ** i;
    const filters = `[${f}, ${f}, ${4 * f}]`;
    const letter = (b: number) => (blocks <= 26 ? String.fromCharCode(97 + b) : b === 0 ? 'a' : `b${b}`);
    out.push('', `# Stage ${stage}: ${blocks} bottleneck blocks of ${filters} filters`);
    out.push(`x = conv_block(x, 3, ${filters}, stage=${stage}, block='a'${i === 0 ? ', strides=(1, 1)' : ''})`);
    for (let b = 1; b < blocks; b++) out.push(`x = identity_block(x, 3, ${filters}, stage=${stage}, block='${letter(b)}')`);
  });
  out.push(
    '',
    "x = layers.GlobalAveragePooling2D(name='avg_pool')(x)",
    "x = layers.Dense(1000, activation='softmax', name='fc1000')(x)",
    `model = keras.Model(img_input, x, name='${name}')`,
    'model.summary()',
  );
  return out.join('\n') + '\n';
}

/** One character to change (at `at`, to `to`) to time an edit at a place of a file. */
export interface EditPlace {
  readonly name: string;
  readonly at: number;
  readonly to: string;
}

const swapCase = (c: string) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());

/**
 * The places the benchmarks edit (issue 12): a letter of the first line, a letter of the first
 * comment after the middle, the last digit of the first number after the middle outside a
 * comment, in a call or a prototxt field (a layer's or a block helper's argument: shapes
 * downstream change), a letter of the last
 * line. A file without a comment after the middle has no comment place.
 */
export function editPlaces(text: string): EditPlace[] {
  const out: EditPlace[] = [];
  const letter = (from: number, to: number, step = 1) => {
    for (let i = from; step > 0 ? i < to : i >= to; i += step) if (/[A-Za-z]/.test(text[i]!)) return i;
    return -1;
  };
  const lineEnd = (i: number) => (text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i));
  const first = letter(0, lineEnd(0));
  if (first >= 0) out.push({ name: 'first line', at: first, to: swapCase(text[first]!) });
  const middle = Math.floor(text.length / 2);
  const comment = /^[ \t]*#.*[A-Za-z]/gm;
  comment.lastIndex = middle;
  const c = comment.exec(text);
  if (c) {
    const at = letter(c.index + c[0].indexOf('#'), lineEnd(c.index));
    out.push({ name: 'comment mid-file', at, to: swapCase(text[at]!) });
  }
  // In a call (`Conv2D(64`, `block(x, 3, [64`) or a prototxt field (`num_output: 256`).
  const number = /^(?![ \t]*#)(?:.*?\w\((?:[^\n]*?[\s,([])??|[ \t]*\w+:[ \t]*)(\d+)/gm;
  number.lastIndex = text.indexOf('\n', middle) + 1;
  const n = number.exec(text);
  if (n) {
    const at = n.index + n[0].length - 1;
    out.push({ name: "a layer's argument", at, to: String((Number(text[at]) + 1) % 10) });
  }
  const trimmed = text.trimEnd();
  const last = letter(trimmed.length - 1, trimmed.lastIndexOf('\n') + 1, -1);
  if (last >= 0) out.push({ name: 'last line', at: last, to: swapCase(text[last]!) });
  return out;
}
