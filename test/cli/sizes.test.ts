// Sizes checked in Python as in prototxt (issue 11 §2), as a user of the CLI sees them: the built
// bundle on test/cli/fixtures/sizes/tf_keras_sizes.py, exit 1 for the errors, each at its argument.
// Verdicts (sources cited in test/python/sizes.test.ts, where each case has its accepted twin):
// Conv2D(-8) is a ValueError in tf.keras 2 and Keras 3 (base_conv.py `filters <= 0`); Dense(0) is
// accepted by tf.keras 2 (`units < 0` only) and empties the output; Reshape((7.0, …)) runs only in
// Keras 3.15+ (operation_utils.py reads a non-int entry as unknown); Reshape(3136) fails
// tuple(3136); two -1 fail _fix_unknown_dimension / validate_reshape_shape; a negative padding tuple
// entry fails normalize_tuple / standardize_tuple (allow_zero=True) or tf.pad; a crop of 40 rows of
// 32 is a ValueError in Keras 3 and tf.keras 2.7+ and an empty slice before; "ab,bc->ac" leaves the
// rank-3 input's third axis over (ops.einsum refuses it).
// Accepted: Reshape((7, 7, 64)) of 3136 = 7·7·64 features; "...b,bc->...c" on (None, 10, 32) gives
// (None, 10, 64) with 32·64 + 64 = 2,112 weights (keras/src/layers/core/einsum_dense.py).
import { execFileSync, spawnSync } from 'node:child_process';
import { beforeAll, expect, test } from 'vitest';

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs']);
}, 60_000);

interface Report {
  layers: { line: number; outputs: Record<string, (number | string | null)[] | null>; params: number | null }[];
  diagnostics: { line: number; column: number; severity: string; code: string; message: string; fixes: { title: string }[] }[];
}

test('every rejected or emptying size is reported at its line, with the number first; the valid twins are exact', () => {
  const r = spawnSync(process.execPath, ['dist/cli.js', '--json', 'test/cli/fixtures/sizes/tf_keras_sizes.py'], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status).toBe(1);
  expect(r.stdout).not.toMatch(/NaN|e\+/);
  const [f] = JSON.parse(r.stdout) as Report[];
  const expected: [number, string, string, string][] = [
    [9, 'error', 'invalid-size', 'filters=-8 is invalid:'],
    [10, 'warning', 'empty-output', 'units=0 gives an output of size 0'],
    [11, 'information', 'size-rejected-somewhere', 'target_shape entry 7.0 runs only in Keras 3.15'],
    [12, 'error', 'invalid-size', 'target_shape=3136 is invalid:'],
    [13, 'error', 'invalid-size', 'target_shape=(-1, -1, 64) is invalid'],
    [14, 'error', 'invalid-size', 'padding=((1, 2), (-1, 1)) is invalid'],
    [15, 'warning', 'non-positive-output', 'cropping (20, 20) on H leaves -8 of 32'],
    [16, 'error', 'invalid-equation', "equation 'ab,bc->ac' is invalid"],
  ];
  expect(f!.diagnostics.map((d, i) => [d.line, d.severity, d.code, d.message.slice(0, expected[i]?.[3].length)])).toEqual(expected);
  expect(f!.diagnostics.find((d) => d.line === 12)!.fixes.map((x) => x.title)).toEqual(['Write it as the tuple (3136,)']);
  const at = (line: number) => f!.layers.find((l) => l.line === line)!;
  expect(Object.values(at(9).outputs)[0]).toEqual([null, 30, 30, null]);
  expect(at(9).params).toBeNull();
  expect(Object.values(at(11).outputs)[0]).toEqual([null, null, 7, 64]);
  expect(Object.values(at(15).outputs)[0]).toEqual([null, null, 32, 3]);
  expect(Object.values(at(17).outputs)[0]).toEqual([null, 7, 7, 64]);
  expect(at(18)).toMatchObject({ outputs: { j: [null, 10, 64] }, params: 2112 });
});
