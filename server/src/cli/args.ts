/**
 * Command-line arguments of `shapelens`; pure, so usage errors are testable. Every flag is one row
 * of `FLAGS` (its spelling, value, help line and what it sets): `--help` is written from the table.
 */

import { MAX_DIRECTORY_FILES } from './inputs.js';

export type OutputFormat = 'table' | 'json' | 'sarif';
const FORMATS: readonly OutputFormat[] = ['table', 'json', 'sarif'];

export interface CliArgs {
  /** Files and directories, as given. */
  readonly files: readonly string[];
  readonly format: OutputFormat;
  readonly notes: boolean;
  readonly phase: 'TRAIN' | 'TEST';
  readonly inputs: Readonly<Record<string, readonly number[]>>;
  /** The Caffe net state's stages and level (include/exclude rules), as caffe's own --stage/--level. */
  readonly stages: readonly string[];
  readonly level: number;
  /** `--help` or `--version`: print that and analyse nothing. */
  readonly info: 'help' | 'version' | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class UsageError extends Error {}

interface Flag {
  /** Spellings; the first is the one `--help` shows. */
  readonly names: readonly string[];
  /** Placeholder of the flag's value in `--help`; absent for a switch. */
  readonly value?: string;
  readonly help: string;
  readonly set: (args: Mutable<CliArgs>, value: string) => void;
}

function parseInput(spec: string): [string, number[]] {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(`--input wants NAME=D0,D1,..., got '${spec}'`);
  const dims = spec.slice(eq + 1).split(',').map((d) => d.trim());
  if (dims.some((d) => !/^\d+$/.test(d) || Number(d) < 1 || !Number.isSafeInteger(Number(d)))) {
    throw new UsageError(`--input ${spec}: every dimension must be a positive integer`);
  }
  return [spec.slice(0, eq), dims.map(Number)];
}

const FLAGS: readonly Flag[] = [
  {
    names: ['--format'],
    value: 'table|json|sarif',
    help: 'table (default), JSON for tools, or SARIF 2.1.0 for CI code scanning',
    set: (args, v) => {
      const format = FORMATS.find((f) => f === v.toLowerCase());
      if (!format) throw new UsageError(`--format must be table, json or sarif, got '${v}'`);
      args.format = format;
    },
  },
  { names: ['--json'], help: 'the same as --format json', set: (args) => (args.format = 'json') },
  { names: ['--notes'], help: 'also list information-level porting notes', set: (args) => (args.notes = true) },
  {
    names: ['--input'],
    value: 'NAME=DIMS',
    help: 'shape of a net input the file does not state, e.g. data=64,1,28,28 (repeatable)',
    set: (args, v) => {
      const [name, dims] = parseInput(v);
      args.inputs = { ...args.inputs, [name]: dims };
    },
  },
  {
    names: ['--phase'],
    value: 'TRAIN|TEST',
    help: 'which Caffe phase to analyse (default TEST)',
    set: (args, v) => {
      const p = v.toUpperCase();
      if (p !== 'TRAIN' && p !== 'TEST') throw new UsageError(`--phase must be TRAIN or TEST, got '${p}'`);
      args.phase = p;
    },
  },
  {
    names: ['--stage'],
    value: 'NAME',
    help: 'a stage of the Caffe net state, for include/exclude stage rules (repeatable)',
    set: (args, v) => (args.stages = [...args.stages, v]),
  },
  {
    names: ['--level'],
    value: 'N',
    help: "the Caffe net state's level (default 0), for min_level/max_level rules",
    set: (args, v) => {
      if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new UsageError(`--level must be an integer, got '${v}'`);
      args.level = Number(v);
    },
  },
  { names: ['--version'], help: 'print the version and exit', set: (args) => (args.info = 'version') },
  { names: ['--help', '-h'], help: 'print this help and exit', set: (args) => (args.info = 'help') },
];

const flagLines = FLAGS.map((f) => {
  const left = [f.names.join(', '), f.value].filter(Boolean).join(' ');
  return `  ${left.padEnd(28)} ${f.help}`;
});

export const USAGE = `usage: shapelens [OPTION]... FILE|DIR...

Prints the output shape, parameters and multiply-accumulates of every layer in Caffe .prototxt /
.pbtxt and Keras/TensorFlow .py files and Jupyter .ipynb notebooks (their code cells in order, as
one program; positions given as cell N:line:col), then the diagnostics. Nothing is executed.
A directory stands for the .prototxt, .pbtxt, .py and .ipynb files under it, recursively (hidden
directories, node_modules and __pycache__ skipped; at most ${MAX_DIRECTORY_FILES} files).

${flagLines.join('\n')}

Exit status:
  0  no diagnostic is an error
  1  some diagnostic is an error (the framework would reject that code)
  2  usage error, a file or directory that cannot be read, or a directory without model files
  3  internal error (please report it)`;

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: Mutable<CliArgs> = { files: [], format: 'table', notes: false, phase: 'TEST', inputs: {}, stages: [], level: 0, info: null };
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      files.push(arg);
      continue;
    }
    // `--input data=1,3,224,224` and `--input=data=1,3,224,224` both work.
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const flag = FLAGS.find((f) => f.names.includes(name));
    if (!flag) throw new UsageError(`unknown option '${arg}'`);
    if (!flag.value) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      flag.set(args, '');
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    flag.set(args, value);
  }
  if (files.length === 0 && args.info === null) throw new UsageError('no input files');
  return { ...args, files };
}
