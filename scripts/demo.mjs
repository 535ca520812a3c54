// `npm run demo`: what the CLI (dist/cli.js) says about the three bundled examples, one screen long.
// The seed's error is deliberate: shapelens exits 1 on it, and the demo says so and exits 0. Only a
// status of 2 or more (usage, unreadable file, crash) fails the demo.
import { spawnSync } from 'node:child_process';

/** Runs `shapelens ARGS…`; fails the demo on anything but "clean" (0) or "errors found" (1). */
function shapelens(...args) {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) {
    process.stderr.write(r.stderr);
    process.exit(r.status ?? 3);
  }
  return { status: r.status, lines: r.stdout.trimEnd().split('\n') };
}

/** The table's first `head` rows and its totals; the rows between become one "… N more" line. */
function elide(lines, head) {
  const rules = lines.flatMap((l, i) => (l.startsWith('─') ? [i] : []));
  const [top, bottom] = [rules[0], rules[1]];
  if (top === undefined || bottom === undefined || bottom - top - 1 <= head + 2) return lines;
  const hidden = bottom - top - 1 - head - 2;
  return [...lines.slice(0, top + 1 + head), `… ${hidden} more layers …`, ...lines.slice(bottom - 2)];
}

const say = (...text) => console.log(text.join('\n'));
const indent = (lines) => lines.map((l) => `    ${l}`).join('\n');

say(
  'Shape Lens demo: the CLI on the three models in examples/, computed from the source (nothing is run):',
  '  1. a wrong Keras 1 Deconvolution2D output_shape, flagged with its fix;',
  "  2. TensorFlow 'SAME' padding explained where it pads unevenly;",
  '  3. the shape, parameters and MACs of every layer of a Caffe ResNet-50.',
  '',
);

say('1. A shape error caught before running: a Keras 1 Deconvolution2D (examples/deconv_seed.py)');
const seed = shapelens('examples/deconv_seed.py');
say(indent(seed.lines.slice(1)));
const [report] = JSON.parse(shapelens('--format', 'json', 'examples/deconv_seed.py').lines.join('\n'));
for (const d of report.diagnostics) for (const f of d.fixes) say(`    fix (line ${d.line}): ${f.title}  (a quick fix in VS Code)`);
say('');

say("2. Padding explained: TensorFlow's official ResNet stem (examples/official_resnet_stem.py) with --notes;", "   'SAME' pads unevenly where fixed_padding pads evenly (hover a layer in VS Code for the windows)");
say(indent(shapelens('--notes', 'examples/official_resnet_stem.py').lines.slice(1)), '');

say('3. A Caffe net: ResNet-50 (examples/resnet50.prototxt), shapes, parameters and MACs per layer');
say(indent(elide(shapelens('examples/resnet50.prototxt').lines.slice(1), 6)), '    (every row: npx shapelens examples/resnet50.prototxt)');

say(
  '',
  `shapelens exited ${seed.status} on deconv_seed.py: 1 means "a diagnostic is an error", which fails a CI job.`,
  'That error is the point of this example, so the demo exits 0. (0: no errors, 2: usage or unreadable file.)',
);
