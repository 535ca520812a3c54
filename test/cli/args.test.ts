import { expect, test } from 'vitest';
import { parseArgs, USAGE, UsageError } from '../../server/src/cli/args.js';

test('files, flags and inputs in both spellings', () => {
  expect(parseArgs(['--json', '--input', 'data=64,1,28,28', '--input=label=64', '--phase', 'train', 'a.prototxt', 'models/'])).toEqual({
    files: ['a.prototxt', 'models/'],
    format: 'json',
    notes: false,
    phase: 'TRAIN',
    inputs: { data: [64, 1, 28, 28], label: [64] },
    stages: [],
    level: 0,
    info: null,
  });
});

test('--stage is repeatable, --level takes an integer (caffe\'s own flags: tools/caffe.cpp)', () => {
  const a = parseArgs(['--stage', 'test-on-test', '--stage=deploy', '--level', '-1', 'n.prototxt']);
  expect([a.stages, a.level]).toEqual([['test-on-test', 'deploy'], -1]);
  expect(() => parseArgs(['--level', 'high', 'n.prototxt'])).toThrow(UsageError);
});

test('--format picks table, json or sarif; --json is --format json; the last one wins', () => {
  expect(parseArgs(['x.py']).format).toBe('table');
  expect(parseArgs(['--format', 'sarif', 'x.py']).format).toBe('sarif');
  expect(parseArgs(['--format=JSON', 'x.py']).format).toBe('json');
  expect(parseArgs(['--format', 'sarif', '--json', 'x.py']).format).toBe('json');
  expect(parseArgs(['--json', '--format', 'table', 'x.py']).format).toBe('table');
});

test('--help and --version need no files', () => {
  expect(parseArgs(['--help']).info).toBe('help');
  expect(parseArgs(['-h']).info).toBe('help');
  expect(parseArgs(['--version']).info).toBe('version');
});

test('`--` ends the options', () => expect(parseArgs(['--', '--weird.prototxt']).files).toEqual(['--weird.prototxt']));

test('--help lists every flag and every exit status', () => {
  for (const flag of ['--format table|json|sarif', '--json', '--notes', '--input NAME=DIMS', '--phase TRAIN|TEST', '--version', '--help, -h']) {
    expect(USAGE).toContain(flag);
  }
  expect(USAGE).toMatch(/^usage: shapelens \[OPTION\]\.\.\. FILE\|DIR\.\.\.$/m);
  for (const status of ['0  no diagnostic is an error', '1  some diagnostic is an error', '2  usage error', '3  internal error']) expect(USAGE).toContain(status);
});

test.each([
  [[], 'no input files'],
  [['--input'], '--input needs a value'],
  [['--input', 'data', 'x.prototxt'], "--input wants NAME=D0,D1,..., got 'data'"],
  [['--input', 'data=1,0,2', 'x.prototxt'], 'every dimension must be a positive integer'],
  [['--input', 'data=1,-3', 'x.prototxt'], 'every dimension must be a positive integer'],
  [['--input', 'data=1e30', 'x.prototxt'], 'every dimension must be a positive integer'],
  [['--phase', 'VAL', 'x.prototxt'], "--phase must be TRAIN or TEST, got 'VAL'"],
  [['--format', 'xml', 'x.prototxt'], "--format must be table, json or sarif, got 'xml'"],
  [['--format'], '--format needs a value'],
  [['--json=yes', 'x.prototxt'], '--json takes no value'],
  [['--frobnicate', 'x.prototxt'], "unknown option '--frobnicate'"],
])('%j is a usage error: %s', (argv, message) => {
  expect(() => parseArgs(argv)).toThrow(UsageError);
  expect(() => parseArgs(argv)).toThrow(message);
});
