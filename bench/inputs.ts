/** Generated benchmark inputs, built from real models so they exercise real layer mixes. */

/** Ten independent copies of a prototxt net in one file: every blob and layer name gets a suffix. */
export function tenCopies(prototxt: string): string {
  return Array.from({ length: 10 }, (_, i) =>
    prototxt.replace(/\b(name|bottom|top|input):(\s*)"([^"]*)"/g, (_m, field: string, space: string, value: string) => `${field}:${space}"${value}_r${i}"`),
  ).join('\n');
}

/**
 * A Keras functional model of about `lines` lines: the tf.keras ResNet50 stem followed by
 * bottleneck blocks written out one statement per line (keras/applications/resnet.py style).
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
