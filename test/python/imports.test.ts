/**
 * Imports across files (issue 8 §2), on in-memory projects handed to the analysis through a
 * resolver. Expected shapes and counts: Keras' conv rule for `padding='valid'`
 * (keras-team/keras, keras/src/ops/operation_utils.py, compute_conv_output_shape: out = in - k + 1
 * at stride 1), Conv2D params = filters·(k·k·in + 1), BatchNormalization 4·channels (gamma, beta,
 * moving mean and variance: keras/src/layers/normalization/batch_normalization.py, build), Dense
 * units·(in + 1). Module lookup as Python's path finder does it (CPython, Lib/importlib/_bootstrap_external.py,
 * FileFinder.find_spec: a package's `__init__.py` before a module `.py`, namespace folders last).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { MemoryFiles } from '../../server/src/analyzer/files.js';
import { SearchPathResolver, sitePackages } from '../../server/src/analyzer/resolver.js';
import { summaryTable } from '../../server/src/analysis/summary.js';
import type { PythonOptions } from '../../server/src/python/analyze.js';
import { analyzer, ofType, shapeOf } from './helpers.js';

let analyze: (src: string, options?: PythonOptions) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

/** Analyses `files[main]` with every file of the project reachable under `/proj`. */
function project(files: Record<string, string>, main = '/proj/main.py'): AnalysisResult {
  const resolver = new SearchPathResolver(new MemoryFiles(new Map(Object.entries(files))), ['/proj']);
  return analyze(files[main]!, { modules: { resolver, file: main } });
}

const BLOCKS = `from tensorflow.keras import layers

def conv_bn(x, filters):
    x = layers.Conv2D(filters, 3)(x)
    return layers.BatchNormalization()(x)
`;

const PACKAGE = {
  '/proj/models/__init__.py': '',
  '/proj/models/blocks.py': BLOCKS,
  '/proj/models/resnet.py': `from .blocks import conv_bn

def stage(x):
    return conv_bn(x, 16)
`,
  '/proj/models/heads.py': `from tensorflow.keras import layers
from . import blocks

def classify(x, n):
    x = blocks.conv_bn(x, 4)
    x = layers.GlobalAveragePooling2D()(x)
    return layers.Dense(n)(x)
`,
  '/proj/main.py': `from tensorflow import keras
from models.blocks import conv_bn
from models import heads
import models.resnet as resnet

inputs = keras.Input(shape=(28, 28, 1))
x = conv_bn(inputs, 8)
x = resnet.stage(x)
out = heads.classify(x, 10)
model = keras.Model(inputs, out)
`,
};

describe('a package with absolute and relative imports', () => {
  it('follows the helpers into their files with the real tensors', () => {
    const r = project(PACKAGE);
    expect(ofType(r, 'layers.Conv2D').map(shapeOf)).toEqual([
      [null, 26, 26, 8],
      [null, 24, 24, 16],
      [null, 22, 22, 4],
    ]);
    expect(ofType(r, 'layers.Conv2D').map((l) => l.params)).toEqual([80, 1168, 580]);
    expect(ofType(r, 'layers.BatchNormalization').map((l) => l.params)).toEqual([32, 64, 16]);
    expect(shapeOf(ofType(r, 'layers.Dense')[0])).toEqual([null, 10]);
    expect(ofType(r, 'layers.Dense')[0]!.params).toBe(50);
    expect(r.diagnostics).toEqual([]);
  });

  it('marks rows from imported files with their file, sorted at the statement that ran them', () => {
    const r = project(PACKAGE);
    const convs = ofType(r, 'layers.Conv2D');
    expect(convs.map((l) => l.file)).toEqual(['/proj/models/blocks.py', '/proj/models/blocks.py', '/proj/models/blocks.py']);
    // The document's own rows: the Input and the calls of the helpers (composite, named after the function).
    expect(r.layers.filter((l) => l.file === undefined).map((l) => l.type)).toEqual(['keras.Input', 'conv_bn', 'stage', 'classify']);
    const order = r.layers.map((l) => l.type);
    expect(order.indexOf('layers.Conv2D')).toBeLessThan(order.indexOf('conv_bn'));
    expect(order.indexOf('layers.Dense')).toBeLessThan(order.indexOf('classify'));
    // 80 + 32 + 1168 + 64 + 580 + 16 + 50
    expect(summaryTable(r)).toContain('Total params: 1,990');
    // In import order: `from models import heads` comes before `import models.resnet`.
    expect(r.dependencies).toEqual(['/proj/models/__init__.py', '/proj/models/blocks.py', '/proj/models/heads.py', '/proj/models/resnet.py']);
  });

  it('shows nothing of an imported helper that the document never calls', () => {
    const r = project({ ...PACKAGE, '/proj/main.py': 'from models.blocks import conv_bn\n' });
    expect(r.layers).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it('does not count a model an imported module builds when it is imported', () => {
    const r = project({
      '/proj/lib.py': `from tensorflow import keras\nfrom tensorflow.keras import layers, Input\nx = layers.Dense(3)(Input(shape=(4,)))\nm = keras.Sequential()\nm.add(layers.Dense(5))\n`,
      '/proj/main.py': `import lib\n`,
    });
    expect(r.layers).toEqual([]);
  });

  it('anchors a model an imported builder makes at the document statement that called it, never at the builder\'s own lines', () => {
    // The builder's `Model(...)` and `summary()` are on lines 9 and 10 of lib.py; the document has 3
    // lines: a position taken from lib.py would land past the document's end (a real bug, found on
    // keras-io examples that call keras.applications).
    const lib = `from tensorflow import keras\nfrom tensorflow.keras import layers\n\n\n\n\ndef build():\n    x = keras.Input(shape=(4,))\n    m = keras.Model(x, layers.Dense(3)(x))\n    m.summary()\n    return m\n`;
    const r = project({ '/proj/lib.py': lib, '/proj/main.py': `import lib\n\nmodel = lib.build()\n` });
    expect(r.models!.map((m) => [m.anchors, m.range.start])).toEqual([[[{ line: 2, character: 19 }], { line: 2, character: 0 }]]);
  });

  it('reports a budget that stopped an imported file\'s loop at the document statement that ran it, naming the file\'s line', () => {
    // The loop is on line 6 of helper.py (1-based), in a 2-line document: its position would land past
    // the document's end (survey s5: keras-contrib's tests, keras-retinanet's train.py). The unroll
    // limit is 1,000 (python/interp.ts LIMITS.unroll).
    const helper = `import numpy as np\n\n\ndef make_data(samples=1200):\n    X = np.zeros((samples, 4))\n    for i in range(samples):\n        X[i] = np.random.normal(size=4)\n    return X\n`;
    const r = project({ '/proj/helper.py': helper, '/proj/main.py': `from helper import make_data\nX = make_data()\n` });
    expect(r.diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.line, d.code, d.message.slice(0, 33)])).toEqual([
      [1, 0, 1, 'budget-unroll', 'in /proj/helper.py, line 6: 1,200'],
    ]);
  });
});

describe('module lookup', () => {
  it('prefers the importing file\'s folder, then the roots; a package\'s __init__ before a module', () => {
    const r = project({
      '/proj/app/main.py': `from tensorflow.keras import Input\nfrom net import build\ny = build(Input(shape=(8,)))\n`,
      '/proj/app/net/__init__.py': `from tensorflow.keras import layers\ndef build(x):\n    return layers.Dense(2)(x)\n`,
      '/proj/app/net.py': `from tensorflow.keras import layers\ndef build(x):\n    return layers.Dense(7)(x)\n`,
      '/proj/net.py': `from tensorflow.keras import layers\ndef build(x):\n    return layers.Dense(5)(x)\n`,
    }, '/proj/app/main.py');
    expect(shapeOf(ofType(r, 'layers.Dense')[0])).toEqual([null, 2]);
  });

  it('reads `from pkg import *` (its __all__) and `..` imports', () => {
    const r = project({
      '/proj/pkg/__init__.py': `from .sub.deep import *\n`,
      '/proj/pkg/sub/__init__.py': '',
      '/proj/pkg/sub/deep.py': `from ..blocks import dense\n__all__ = ['dense']\n`,
      '/proj/pkg/blocks.py': `from tensorflow.keras import layers\ndef dense(x, n):\n    return layers.Dense(n)(x)\n`,
      '/proj/main.py': `from tensorflow.keras import Input\nfrom pkg import *\ny = dense(Input(shape=(8,)), 3)\n`,
    });
    expect(shapeOf(ofType(r, 'layers.Dense')[0])).toEqual([null, 3]);
    expect(ofType(r, 'layers.Dense')[0]!.params).toBe(27);
  });

  it('terminates on a cycle of imports, with the names bound before the cycle', () => {
    const r = project({
      '/proj/a.py': `from tensorflow.keras import layers\ndef dense(x):\n    return layers.Dense(4)(x)\nimport b\n`,
      '/proj/b.py': `import a\nfrom a import dense\ndef twice(x):\n    return dense(a.dense(x))\n`,
      '/proj/main.py': `from tensorflow.keras import Input\nimport b\ny = b.twice(Input(shape=(3,)))\n`,
    });
    expect(ofType(r, 'layers.Dense').map((l) => l.params)).toEqual([16, 20]);
  });
});

describe('imports that are not read', () => {
  it('an unresolvable import: one information note at the import, its names unknown', () => {
    const r = project({
      '/proj/main.py': `import os\nimport numpy as np\nfrom tensorflow.keras import layers, Input\nfrom helpers.blocks import conv_bn\nfrom .sibling import x\ny = conv_bn(Input(shape=(8, 8, 3)), 4)\nz = layers.Dense(2)(y)\n`,
    });
    expect(r.diagnostics.map((d) => [d.range.start.line, d.severity, d.code])).toEqual([
      [3, 'information', 'unresolved-import'],
      [4, 'information', 'unresolved-import'],
    ]);
    expect(r.diagnostics[0]!.message).toContain("'helpers'");
    expect(shapeOf(ofType(r, 'layers.Dense')[0])).toBeNull();
  });

  it('a module over the size limit (5 MB) is refused with a note, not read', () => {
    const big = `from tensorflow.keras import layers\n` + 'x = 1\n'.repeat(850_000) + `def dense(x):\n    return layers.Dense(4)(x)\n`;
    expect(big.length).toBeGreaterThan(5_000_000);
    const r = project({ '/proj/big.py': big, '/proj/main.py': `from big import dense\n` });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unresolved-import']);
    expect(r.diagnostics[0]!.message).toContain('limit for imported modules');
  });

  it('framework packages keep resolving to the catalog even when a file of that name is on the path', () => {
    const r = project({
      '/proj/tensorflow/__init__.py': 'def Input(*a, **k):\n    return None\n',
      '/proj/main.py': `import tensorflow as tf\nx = tf.keras.layers.Dense(3)(tf.keras.Input(shape=(2,)))\n`,
    });
    expect(shapeOf(ofType(r, 'tf.keras.layers.Dense')[0])).toEqual([null, 3]);
    expect(r.dependencies).toBeUndefined();
  });
});

/**
 * keras-applications' plumbing as 1.0.8 writes it (keras_applications/__init__.py,
 * get_submodules_from_kwargs; resnet50.py's module globals rebound with `global`), on a small
 * builder of our own; Keras 2.2's keras/applications/__init__.py · keras_modules_injection passes
 * Keras' backend/layers/models/utils. Shapes: VALID conv out = in - k + 1; Conv2D params
 * 8·(3·3·3 + 1) = 224; Dense 10·(8 + 1) = 90.
 */
const APPLICATIONS = {
  '/site/keras_applications/__init__.py': `_KERAS_BACKEND = None
_KERAS_LAYERS = None
_KERAS_MODELS = None
_KERAS_UTILS = None


def get_submodules_from_kwargs(kwargs):
    backend = kwargs.get('backend', _KERAS_BACKEND)
    layers = kwargs.get('layers', _KERAS_LAYERS)
    models = kwargs.get('models', _KERAS_MODELS)
    utils = kwargs.get('utils', _KERAS_UTILS)
    for key in kwargs.keys():
        if key not in ['backend', 'layers', 'models', 'utils']:
            raise TypeError('Invalid keyword argument: %s', key)
    return backend, layers, models, utils
`,
  '/site/keras_applications/resnet50.py': `from . import get_submodules_from_kwargs

backend = None
layers = None
models = None
keras_utils = None


def ResNet50(input_shape=(32, 32, 3), classes=10, **kwargs):
    global backend, layers, models, keras_utils
    backend, layers, models, keras_utils = get_submodules_from_kwargs(kwargs)
    img_input = layers.Input(shape=input_shape)
    x = layers.Conv2D(8, 3, name='conv')(img_input)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dense(classes, name='fc')(x)
    return models.Model(img_input, x, name='tiny')
`,
};

function withSite(main: string, site = true): AnalysisResult {
  const files = new Map(Object.entries({ ...(site ? APPLICATIONS : {}), '/proj/main.py': main }));
  const resolver = new SearchPathResolver(new MemoryFiles(files), ['/proj', '/site']);
  return analyze(main, { modules: { resolver, file: '/proj/main.py' } });
}

describe('keras-applications', () => {
  it('a builder imported from the package and called with the Keras modules, as keras.applications does', () => {
    const r = withSite(`import keras\nfrom keras_applications.resnet50 import ResNet50\nmodel = ResNet50(backend=keras.backend, layers=keras.layers, models=keras.models, utils=keras.utils)\n`);
    expect(r.layers.find((l) => l.name === 'conv')?.params).toBe(224);
    expect(shapeOf(r.layers.find((l) => l.name === 'conv'))).toEqual([null, 30, 30, 8]);
    expect(r.layers.find((l) => l.name === 'fc')?.params).toBe(90);
  });

  it('keras.applications.ResNet50 and tf.keras.applications.ResNet50 map to that builder when the package is found', () => {
    for (const main of [
      `import keras\nmodel = keras.applications.ResNet50(classes=10)\n`,
      `import tensorflow as tf\nmodel = tf.keras.applications.ResNet50()\n`,
      `from keras.applications.resnet50 import ResNet50\nmodel = ResNet50()\n`,
    ]) {
      const r = withSite(main);
      expect(shapeOf(r.layers.find((l) => l.name === 'fc'))).toEqual([null, 10]);
      expect(r.layers.find((l) => l.name === 'fc')?.file).toBe('/site/keras_applications/resnet50.py');
    }
  });

  it('without the package on the search paths: one unknown row and a note, nothing guessed', () => {
    const r = withSite(`import keras\nmodel = keras.applications.ResNet50()\n`, false);
    expect(r.layers.map((l) => [l.type, l.outputs[0]?.shape ?? null, l.params])).toEqual([['keras.applications.ResNet50', null, null]]);
    expect(r.diagnostics.map((d) => [d.range.start.line, d.severity, d.code])).toEqual([[1, 'information', 'unresolved-import']]);
  });
});

describe('installed packages found without running Python', () => {
  it('a .venv in the project, the interpreter prefix, ~/.local, /usr/local and Debian dist-packages, newest Python first', () => {
    const fs = new MemoryFiles(
      new Map(
        [
          '/proj/.venv/lib/python3.9/site-packages/a.py',
          '/proj/.venv/lib/python3.11/site-packages/a.py',
          '/opt/py/lib/python3.12/site-packages/a.py',
          '/home/u/.local/lib/python3.10/site-packages/a.py',
          '/usr/local/lib/python3.11/dist-packages/a.py',
          '/usr/lib/python3/dist-packages/a.py',
        ].map((p) => [p, '']),
      ),
    );
    expect(sitePackages(fs, { projectRoots: ['/proj'], home: '/home/u', interpreterPath: '/opt/py/bin/python3' })).toEqual([
      '/proj/.venv/lib/python3.11/site-packages',
      '/proj/.venv/lib/python3.9/site-packages',
      '/opt/py/lib/python3.12/site-packages',
      '/home/u/.local/lib/python3.10/site-packages',
      '/usr/lib/python3/dist-packages',
      '/usr/local/lib/python3.11/dist-packages',
    ]);
  });
});
