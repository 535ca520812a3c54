import { expect, test } from 'vitest';
import { parseArgs, UsageError } from '../../server/src/cli/args.js';

test('files, flags and inputs in both spellings', () => {
  expect(parseArgs(['--json', '--input', 'data=64,1,28,28', '--input=label=64', '--phase', 'train', 'a.prototxt', 'b.py'])).toEqual({
    files: ['a.prototxt', 'b.py'],
    json: true,
    notes: false,
    phase: 'TRAIN',
    inputs: { data: [64, 1, 28, 28], label: [64] },
    paths: [],
  });
});

test('--path is repeatable, in both spellings', () => expect(parseArgs(['--path', 'lib', '--path=vendor', 'a.py']).paths).toEqual(['lib', 'vendor']));

test('`--` ends the options', () => expect(parseArgs(['--', '--weird.prototxt']).files).toEqual(['--weird.prototxt']));

test.each([
  [[], 'no input files'],
  [['--input'], '--input needs a value'],
  [['--input', 'data', 'x.prototxt'], "--input wants NAME=D0,D1,..., got 'data'"],
  [['--input', 'data=1,0,2', 'x.prototxt'], 'every dimension must be a positive integer'],
  [['--input', 'data=1,-3', 'x.prototxt'], 'every dimension must be a positive integer'],
  [['--input', 'data=1e30', 'x.prototxt'], 'every dimension must be a positive integer'],
  [['--phase', 'VAL', 'x.prototxt'], "--phase must be TRAIN or TEST, got 'VAL'"],
  [['--frobnicate', 'x.prototxt'], "unknown option '--frobnicate'"],
])('%j is a usage error: %s', (argv, message) => {
  expect(() => parseArgs(argv)).toThrow(UsageError);
  expect(() => parseArgs(argv)).toThrow(message);
});
