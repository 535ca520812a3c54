// `npm run demo`: the CLI over the bundled examples. Exit status 1 (the deliberate error in
// deconv_seed.py) is the demo working; only 2+ (usage, unreadable file, crash) fails it.
import { spawnSync } from 'node:child_process';

const files = ['examples/resnet50.prototxt', 'examples/official_resnet_stem.py', 'examples/deconv_seed.py'];
const { status } = spawnSync(process.execPath, ['dist/cli.js', ...files], { stdio: 'inherit' });
process.exitCode = status === 0 || status === 1 ? 0 : (status ?? 3);
