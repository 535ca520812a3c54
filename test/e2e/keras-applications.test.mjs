// keras-applications 1.0.8 as installed (Debian's python3-keras-applications, which
// scripts/e2e-setup.sh installs): each model module opened as is, with nothing calling its
// builders, gives the total params Keras publishes for it (the table of keras.io/api/applications,
// which Keras computes from the same builders). Run by `npm run test:e2e`; a missing package fails
// the run when E2E_REQUIRED=1, as every other missing prerequisite of this suite does.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from './harness.mjs';

const PACKAGE = process.env.KERAS_APPLICATIONS_DIR || '/usr/lib/python3/dist-packages/keras_applications';
const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');

/** Module → the builders it defines and the total params Keras publishes for each. */
const PUBLISHED = {
  'vgg16.py': { VGG16: 138_357_544 },
  'vgg19.py': { VGG19: 143_667_240 },
  'resnet50.py': { ResNet50: 25_636_712 },
  'resnet_common.py': {
    ResNet50: 25_636_712, ResNet101: 44_707_176, ResNet152: 60_419_944,
    ResNet50V2: 25_613_800, ResNet101V2: 44_675_560, ResNet152V2: 60_380_648,
  },
  'inception_v3.py': { InceptionV3: 23_851_784 },
  'inception_resnet_v2.py': { InceptionResNetV2: 55_873_736 },
  'xception.py': { Xception: 22_910_480 },
  'mobilenet.py': { MobileNet: 4_253_864 },
  'mobilenet_v2.py': { MobileNetV2: 3_538_984 },
  'densenet.py': { DenseNet121: 8_062_504, DenseNet169: 14_307_880, DenseNet201: 20_242_984 },
  'nasnet.py': { NASNetMobile: 5_326_716, NASNetLarge: 88_949_818 },
};

/** `Model: name (entry point X, line N)` … `Total params: 1,234 (…)`: the total of each entry point. */
function totalsByEntryPoint(table) {
  const totals = {};
  let entry = null;
  for (const line of table.split('\n')) {
    // Every table starts with `Model:`; one that is not an entry point's (a helper's ops) has no total here.
    if (line.startsWith('Model: ')) entry = /\(entry point (\w+),/.exec(line)?.[1] ?? null;
    const t = /^Total params: ([\d,]+)(.*)$/.exec(line);
    if (t && entry) totals[entry] = { params: Number(t[1].replaceAll(',', '')), rest: t[2] };
  }
  return totals;
}

const missing = !fs.existsSync(PACKAGE) ? `keras-applications not installed at ${PACKAGE}` : !fs.existsSync(CLI) ? `${CLI} not built` : null;
if (missing && process.env.E2E_REQUIRED) throw new Error(`E2E_REQUIRED=1 but ${missing}`);

for (const [module, builders] of Object.entries(PUBLISHED)) {
  test(`keras_applications/${module} opened as is: the published totals`, { skip: missing ?? false }, () => {
    const table = execFileSync(process.execPath, [CLI, path.join(PACKAGE, module)], { encoding: 'utf8', timeout: 120_000 });
    const totals = totalsByEntryPoint(table);
    for (const [builder, params] of Object.entries(builders)) {
      assert.deepEqual(totals[builder], { params, rest: ` (${(params / 1e6).toFixed(2)} M)` }, `${module} ${builder}`);
    }
  });
}
