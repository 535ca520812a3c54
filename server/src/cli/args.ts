/** Command-line arguments of `shapelens`; pure, so usage errors are testable. */

export interface CliArgs {
  readonly files: readonly string[];
  readonly json: boolean;
  readonly notes: boolean;
  readonly phase: 'TRAIN' | 'TEST';
  readonly inputs: Readonly<Record<string, readonly number[]>>;
  /** `--path DIR`: where Python imports are looked for after the current folder. */
  readonly paths: readonly string[];
}

export const USAGE = `usage: shapelens [--json] [--notes] [--input NAME=D0,D1,...]... [--phase TRAIN|TEST] [--path DIR]... FILE...

Prints the output shape, parameters and multiply-accumulates of every layer in Caffe .prototxt
and Keras/TensorFlow .py files, then the diagnostics. Nothing in the files is executed.

  --json            print the analysis as JSON
  --notes           also list information-level porting notes
  --input NAME=DIMS shape of a net input the file does not state, e.g. --input data=64,1,28,28
  --phase PHASE     which Caffe phase to analyse (default TEST)
  --path DIR        also look for imported Python modules in DIR (after the file's folder and the
                    current folder; installed packages come last); repeatable

Exit status: 1 if any diagnostic is an error, 2 for usage errors or unreadable files, else 0.`;

export class UsageError extends Error {}

function parseInput(spec: string): [string, number[]] {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(`--input wants NAME=D0,D1,..., got '${spec}'`);
  const dims = spec.slice(eq + 1).split(',').map((d) => d.trim());
  if (dims.some((d) => !/^\d+$/.test(d) || Number(d) < 1 || !Number.isSafeInteger(Number(d)))) {
    throw new UsageError(`--input ${spec}: every dimension must be a positive integer`);
  }
  return [spec.slice(0, eq), dims.map(Number)];
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const files: string[] = [];
  const inputs: Record<string, number[]> = {};
  let json = false;
  let notes = false;
  let phase: 'TRAIN' | 'TEST' = 'TEST';
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // `--input data=1,3,224,224` and `--input=data=1,3,224,224` both work.
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--json') json = true;
    else if (flag === '--notes') notes = true;
    else if (flag === '--input') {
      const [name, dims] = parseInput(value());
      inputs[name] = dims;
    } else if (flag === '--phase') {
      const p = value().toUpperCase();
      if (p !== 'TRAIN' && p !== 'TEST') throw new UsageError(`--phase must be TRAIN or TEST, got '${p}'`);
      phase = p;
    } else if (flag === '--path') paths.push(value());
    else if (arg === '--') files.push(...argv.slice(i + 1)), (i = argv.length);
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
    else files.push(arg);
  }
  if (files.length === 0) throw new UsageError('no input files');
  return { files, json, notes, phase, inputs, paths };
}
