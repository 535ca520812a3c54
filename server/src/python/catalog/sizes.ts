/**
 * Size arguments (unit and filter counts, shape entries) checked by the rule of every Keras dialect
 * the call may run under. The dialects disagree, so each one's verdict is computed and combined:
 * a value every dialect rejects is an error; one some dialect converts (tf.keras 2's `int()`) is
 * followed, with an information note; one that is accepted but empties the output is a warning.
 *
 * Sources:
 * - Keras 3 [keras-team/keras · keras/src/layers/core/dense.py · Dense.__init__]: `units` must be an
 *   `int` > 0 (ValueError); [keras/src/layers/convolutional/base_conv.py · BaseConv.__init__]:
 *   `filters <= 0` is a ValueError, a `str` fails that comparison (TypeError), a float passes it
 *   but fails `filters % groups` and the kernel's shape; [keras/src/backend/common/variables.py ·
 *   standardize_shape]: shape entries must be ints ("Cannot convert … to a shape") and ≥ 0
 *   ("Negative dimensions are not allowed").
 * - tf.keras 2 [tensorflow/tensorflow · tensorflow/python/keras/layers/core.py · Dense.__init__;
 *   keras-team/keras v2.x · keras/layers/core/dense.py]: `units = int(units)`, then `units < 0` is a
 *   ValueError (0 is accepted); [keras/layers/convolutional/base_conv.py · Conv.__init__]: a float
 *   `filters` is `int()`-ed, then `filters <= 0` is a ValueError.
 * - Keras 1.x and 2.0–2.3 check nothing at construction; the backend then builds a weight of that
 *   shape: a negative or non-integer size is rejected there (TensorFlow "Dimension -8 must be >= 0",
 *   a float shape "must be int32/int64"), a size of 0 gives an empty weight. Other counts (`n` of
 *   RepeatVector, `num_heads`/`key_dim` of MultiHeadAttention) are checked by no dialect either and
 *   become a weight or a tensor's size (tf.tile / ops.repeat multiples, EinsumDense kernels) the same
 *   way; Keras 3's RepeatVector takes `operator.index(n)`, a TypeError for a float or a string.
 * - CategoryEncoding (tf.keras 2 keras/layers/preprocessing/category_encoding.py, Keras 3
 *   keras/src/layers/preprocessing/category_encoding.py · CategoryEncoding.__init__): `num_tokens < 1`
 *   is a ValueError in both.
 * - Every backend stores sizes as int64: a size of 2^63 or more is rejected by all of them.
 */
import { isSym, type Dim } from '../../engine/dim.js';
import type { Severity } from '../../analysis/types.js';
import { namedChildren, textOf, type PyNode } from '../syntax.js';
import { isSeq, pyStr, toDim, type Value } from '../values.js';
import { replaceFix } from './fixes.js';
import type { OpCall } from './types.js';

/** A Keras that code importing `keras`, `tf.keras` or `tf.layers` may run under. */
export type Dialect = 'Keras 1' | 'Keras 2.0–2.3' | 'tf.keras 2' | 'Keras 3';

/** The dialects in play for a call: standalone `keras` is Keras 1, or 2.x/3 (the file decides which
 * major, ../dialect.ts); `tf.keras` is Keras 2 up to TF 2.15 and Keras 3 from TF 2.16. */
export function dialectsOf(call: OpCall): readonly Dialect[] {
  if (call.flavour === 'keras') return call.ctx.kerasVersion === 1 ? ['Keras 1'] : ['Keras 2.0–2.3', 'Keras 3'];
  if (call.flavour === 'tf.keras') return ['tf.keras 2', 'Keras 3'];
  return ['tf.keras 2'];
}

/** Which rule a count follows: Dense's `units`, a conv's `filters`, a count every dialect with the layer
 * requires to be ≥ 1 at construction (`positive`: CategoryEncoding's `num_tokens`), a Keras 1 kernel
 * size (`kernel`: `nb_row`, `nb_col`; an int < 1 is the engine's window rule to reject), or any other
 * count (no dialect checks it at construction). */
export type CountRule = 'units' | 'filters' | 'positive' | 'kernel' | 'count' | 'multiplier';

type Verdict = { readonly take: number } | { readonly reject: string };

const INT64_MAX = 2 ** 63;

/** What one dialect makes of a count argument: the size it runs with, or why it fails. */
function verdict(dialect: Dialect, rule: CountRule, v: Value): Verdict | null {
  if (v.kind === 'bool') return null;
  const n = v.kind === 'num' ? v.value : null;
  const isInt = v.kind === 'num' && !v.float;
  if (n !== null && Math.abs(n) >= INT64_MAX) return { reject: 'no backend holds a size of 2^63 or more' };
  if (rule === 'kernel' && isInt) return { take: n! };
  if (dialect === 'Keras 3') {
    if (rule === 'units' && !isInt) return { reject: 'not an int: ValueError "expected a positive integer"' };
    if ((rule === 'filters' || rule === 'multiplier') && v.kind === 'str') return { reject: 'a string compared with 0: TypeError' };
  }
  if (rule === 'positive') {
    if (v.kind === 'str') return { reject: 'a string compared with 1: TypeError' };
    if (n !== null && n < 1) return { reject: `${n} < 1: ValueError` };
  }
  if (dialect === 'tf.keras 2' && (rule === 'units' || rule === 'filters')) {
    const converted = rule === 'units' ? pyInt(v) : v.kind === 'num' ? Math.trunc(v.value) : null;
    if (converted === null) return v.kind === 'str' ? { reject: rule === 'units' ? 'int() of it fails: ValueError' : 'a string compared with 0: TypeError' } : null;
    if (converted < 0 || (rule === 'filters' && converted === 0)) return { reject: `${rule} ${rule === 'filters' ? '<= 0' : '< 0'}: ValueError` };
    return { take: converted };
  }
  if (v.kind === 'str') return { reject: 'a string size: no backend builds a weight or tensor of it' };
  if (n === null) return null;
  if (!isInt) return { reject: 'a float size: no backend builds a weight or tensor of it' };
  if (n <= 0 && dialect === 'Keras 3' && (rule === 'units' || rule === 'filters' || rule === 'multiplier')) return { reject: `${rule === 'multiplier' ? 'depth_multiplier' : rule} <= 0: ValueError` };
  if (n < 0) return { reject: 'a negative size: no backend builds a weight or tensor of it' };
  return { take: n };
}

/** The keyword a value was written with (`output_dim=` for Keras 1's Dense `units`), or null when positional. */
export function writtenName(node: PyNode | null): string | null {
  const kw = node?.parent;
  if (!kw || kw.type !== 'keyword_argument' || node.field !== 'value') return null;
  const key = kw.children.find((c) => c.field === 'name');
  return key ? textOf(key) : null;
}

/** A string Python's `int()` accepts (a decimal integer, surrounding blanks allowed). */
const INT_TEXT = /^\s*[-+]?\d+\s*$/;

/** Python's `int()` of a number or a string, when it succeeds. */
function pyInt(v: Value): number | null {
  if (v.kind === 'num') return Math.trunc(v.value);
  if (v.kind === 'bool') return v.value ? 1 : 0;
  if (v.kind === 'str' && INT_TEXT.test(v.value)) return Number.parseInt(v.value, 10);
  return null;
}

/**
 * Reads a count argument (`units`, `filters`, …) under every dialect in play and reports what they
 * make of it. Returns the size the code runs with, or null when it is unknown (or differs by dialect).
 */
export function countArg(call: OpCall, bound: string, rule: CountRule, what: string): number | null {
  const a = call.args;
  const name = writtenName(a.node(bound)) ?? bound;
  const v = a.get(bound);
  if (v === undefined || v.kind === 'none' || v.kind === 'unknown' || v.kind === 'dim') return a.int(bound);
  const dialects = dialectsOf(call);
  const verdicts = dialects.map((d) => ({ dialect: d, verdict: verdict(d, rule, v) }));
  if (verdicts.some((x) => x.verdict === null)) return a.int(bound);
  const node = a.node(bound);
  const shown = node ? textOf(node) : pyStr(v);
  if (shown === null) return a.int(bound);
  // The common case, with nothing to report: every dialect takes the size as written.
  const first = verdicts[0]?.verdict;
  if (first && 'take' in first && first.take !== 0 && Number.isSafeInteger(first.take) && v.kind === 'num' && v.value === first.take && verdicts.every((x) => x.verdict && 'take' in x.verdict && x.verdict.take === first.take)) return first.take;
  const rejects = reasons(verdicts.flatMap(({ dialect, verdict }) => (verdict && 'reject' in verdict ? [{ dialect, why: verdict.reject }] : [])));
  const takes = [...new Set(verdicts.flatMap(({ verdict }) => (verdict && 'take' in verdict ? [verdict.take] : [])))];
  if (takes.length === 0) {
    call.ctx.report({ severity: certain(node, 'error'), code: 'invalid-size', message: `${name}=${shown} is invalid: ${rejects} (${what})`, node });
    return null;
  }
  const size = takes.length === 1 ? takes[0]! : null;
  if (size !== null && !Number.isSafeInteger(size)) {
    call.ctx.report({ severity: 'information', code: 'size-not-followed', message: `${name}=${shown} is too large to follow exactly; shapes after it are unknown (${what})`, node });
    return null;
  }
  const converted = size !== null && (v.kind !== 'num' || v.value !== size);
  const also = rejects ? `; elsewhere ${rejects}` : '';
  if (size === 0 && rule !== 'kernel') {
    call.ctx.report({ severity: certain(node, 'warning'), code: 'empty-output', message: `${name}=${shown} ${rule === 'count' ? 'makes a weight or tensor of size 0' : 'gives an output of size 0'}${also} (${what})`, node });
  } else if (converted) {
    call.ctx.report({ severity: 'information', code: 'size-converted', message: `${name}=${shown} is read as ${size} by tf.keras 2's int()${also} (${what})`, node });
  } else if (rejects) {
    call.ctx.report({ severity: 'information', code: 'size-rejected-somewhere', message: `${name}=${shown} runs only in some Keras versions: ${rejects} (${what})`, node });
  }
  return size;
}

/**
 * A count argument that may be symbolic: a size the analysis knows only by name (`filters`, a
 * parameter of a function nobody calls; `C`, an input's channel count) is that symbol, never
 * checked or reported; anything else is read by countArg.
 */
export function countDim(call: OpCall, bound: string, rule: CountRule, what: string): Dim {
  const v = call.args.get(bound);
  const d = v === undefined ? undefined : toDim(v);
  return d !== undefined && isSym(d) ? d : countArg(call, bound, rule, what);
}

/**
 * A depthwise or separable conv's `depth_multiplier` (default 1): Keras 3 checks it as a conv's
 * filters (keras/src/layers/convolutional/base_depthwise_conv.py and base_separable_conv.py ·
 * __init__: `depth_multiplier <= 0` is a ValueError); tf.keras 2 (keras/layers/convolutional/
 * base_depthwise_conv.py, base_separable_conv.py), Keras 2.0–2.3 and Keras 1.2.2
 * (SeparableConvolution2D.__init__) keep it unchecked, as the depthwise kernel's last size.
 */
export function multiplierArg(call: OpCall, what: string): number | null {
  return call.args.has('depth_multiplier') ? countArg(call, 'depth_multiplier', 'multiplier', what) : call.args.int('depth_multiplier', 1);
}

/**
 * A Keras 1.2.2 argument read with `tuple(…)`: `subsample` (keras/layers/convolutional.py ·
 * Convolution2D/Convolution3D/SeparableConvolution2D/Deconvolution2D.__init__), AtrousConvolution2D's
 * `atrous_rate`, 2-D/3-D pooling's `pool_size` and `strides` (keras/layers/pooling.py · _Pooling2D,
 * _Pooling3D), UpSampling2D/3D's `size`. An int is a TypeError there, while Keras 2 (its legacy
 * interface, keras/legacy/interfaces.py, renames subsample to strides) hands it to normalize_tuple,
 * which repeats it: followed, with a note and the tuple fix. A string entry fails in both (TensorFlow's
 * conv and pool: "Expected int"); a float one is int()-ed by TensorFlow while Keras computes
 * fractional sizes with it (conv_output_length): unknown, with a note. Only under Keras 1 (the file's
 * spelling, ../dialect.ts); sizes < 1 are the engine's window rule to reject.
 */
export function keras1Tuple(call: OpCall, name: string, n: number, dflt: number[] | null, what: string): number[] | null {
  const a = call.args;
  const v = a.get(name);
  const read = a.ints(name, n, dflt);
  if (v === undefined || !(call.flavour === 'keras' && call.ctx.kerasVersion === 1)) return read;
  const node = a.node(name);
  const shown = `${writtenName(node) ?? name}=${node ? textOf(node) : (pyStr(v) ?? '?')}`;
  const items = isSeq(v) ? v.items : [v];
  if (items.some((x) => x.kind === 'str')) {
    call.ctx.report({ severity: certain(node, 'error'), code: 'invalid-size', message: `${shown} is invalid: a string size, which TensorFlow's conv and pool refuse ("Expected int") (${what})`, node });
    return null;
  }
  if (items.some((x) => x.kind === 'num' && x.float)) {
    call.ctx.report({ severity: 'information', code: 'size-not-followed', message: `${shown} is not all ints: the TensorFlow backend int()s each entry while Keras computes fractional sizes with it; shapes after it are unknown (${what})`, node });
    return null;
  }
  if (v.kind === 'num' && read !== null) {
    const written = `(${read.join(', ')})`;
    call.ctx.report({ severity: 'information', code: 'size-rejected-somewhere', message: `${shown} runs only in Keras 2, read as ${written}: Keras 1 fails on tuple(${node ? textOf(node) : v.value}) (TypeError "'int' object is not iterable") (${what})`, node, fixes: node ? [replaceFix(node, written, `Write ${written}, which Keras 1 and 2 both read`)] : [] });
  }
  return read;
}

/**
 * Reads a window argument (`kernel_size`, `strides`, `dilation_rate`, `pool_size`): an int or a tuple
 * of `n` ints. Keras 2.0–2.3 and tf.keras 2 read it with conv_utils.normalize_tuple, Keras 3 with
 * argument_validation.standardize_tuple: both raise ValueError for anything but an int or an
 * iterable of `n` values `int()` accepts (a float `3.0`, a string of another length, a tuple of
 * another length). Keras 1 takes `nb_row`/`nb_col` ints and checks nothing: its values are read as
 * they are, its 2-D/3-D pooling and upsampling tuples by keras1Tuple. Sizes ≤ 0 are the engine's to
 * reject (every window rule needs ≥ 1).
 */
export function windowArg(call: OpCall, name: string, n: number, dflt: number[] | null, what: string): number[] | null {
  const a = call.args;
  const read = a.ints(name, n, dflt);
  const v = a.get(name);
  if (call.flavour === 'keras' && call.ctx.kerasVersion === 1) return n >= 2 ? keras1Tuple(call, name, n, dflt, what) : read;
  if (v === undefined) return read;
  if (read !== null && !(v.kind === 'num' && v.float)) return read;
  const wrongLength = (isSeq(v) || v.kind === 'str') && (isSeq(v) ? v.items.length : v.value.length) !== n;
  const badItem = isSeq(v) && v.items.some((x) => x.kind === 'str' ? !INT_TEXT.test(x.value) : x.kind === 'none' || x.kind === 'tuple' || x.kind === 'list');
  if (!(v.kind === 'num' && v.float) && !wrongLength && !badItem) return null;
  const node = a.node(name);
  const shown = node ? textOf(node) : (pyStr(v) ?? name);
  call.ctx.report({ severity: certain(node, 'error'), code: 'invalid-size', message: `${name}=${shown} is invalid: it must be an int or a tuple of ${n} ints (ValueError from normalize_tuple in Keras 2, standardize_tuple in Keras 3) (${what})`, node });
  return null;
}

/**
 * Checks the entries of a declared shape (`Input(shape=…)`, `batch_shape`) and returns them as dims:
 * a negative entry or one of 2^63 or more is rejected by every dialect (error), a fractional one
 * too; 0 is accepted and empties the tensor (warning); an integral float is accepted by the TF 1
 * dialects and rejected by Keras 3 (information, followed).
 */
export function shapeEntries(call: OpCall, name: string, items: readonly Value[], what: string): Dim[] | null {
  const node = call.args.node(name);
  const dims: Dim[] = [];
  for (const [i, it] of items.entries()) {
    if (it.kind === 'none' || it.kind === 'unknown') dims.push(null);
    else if (it.kind === 'dim' || it.kind === 'tensor') dims.push(toDim(it) ?? null);
    else if (it.kind === 'num') {
      const shown = entryText(node, items, i);
      if (!Number.isInteger(it.value) || it.value < 0 || it.value >= INT64_MAX) {
        const why = it.value < 0 ? 'a negative size is rejected by every backend ("Negative dimensions are not allowed")' : it.value >= INT64_MAX ? 'no backend holds a size of 2^63 or more' : 'a fractional size is rejected by every backend';
        call.ctx.report({ severity: certain(node, 'error'), code: 'invalid-size', message: `${name} entry ${shown} is invalid: ${why} (${what})`, node });
        return null;
      }
      if (it.value === 0) call.ctx.report({ severity: certain(node, 'warning'), code: 'empty-output', message: `${name} entry 0 makes the tensor empty (${what})`, node });
      if (it.float) call.ctx.report({ severity: 'information', code: 'size-converted', message: `${name} entry ${shown} is a float: Keras 3 rejects it ("Cannot convert … to a shape"), TensorFlow 1 reads it as ${it.value} (${what})`, node });
      dims.push(Number.isSafeInteger(it.value) ? it.value : null);
    } else dims.push(null);
  }
  return dims;
}

/**
 * The `i`-th entry of a shape argument as written (`99999999999999999999`, not the double it rounds to)
 * when the argument is a tuple or list literal, else as Python prints the value.
 */
export function entryText(node: PyNode | null, items: readonly Value[], i: number): string {
  const it = items[i]!;
  const written = node && (node.type === 'tuple' || node.type === 'list') ? namedChildren(node) : [];
  // A splat (`(*dims, 3)`) has fewer written entries than values: then the value speaks.
  if (written.length === items.length && written[i]!.type !== 'list_splat') return textOf(written[i]!);
  return it.kind === 'str' ? `'${it.value}'` : (pyStr(it) ?? '?');
}

/**
 * The severity a size verdict may have: its own where the argument is written out as literals (the
 * value is certain), information where it was computed — a value the interpreter followed through
 * variables may rest on what it could not see (a container filled in a loop over a directory).
 */
export function certain(node: PyNode | null, severity: 'error' | 'warning'): Severity {
  return node !== null && isLiteral(node) ? severity : 'information';
}

function isLiteral(node: PyNode): boolean {
  switch (node.type) {
    case 'integer':
    case 'float':
    case 'string':
    case 'true':
    case 'false':
    case 'none':
      return true;
    case 'unary_operator':
    case 'binary_operator':
    case 'parenthesized_expression':
    case 'tuple':
    case 'list':
      return namedChildren(node).every(isLiteral);
    default:
      return false;
  }
}

/** `why (Keras 2.0–2.3, Keras 3); other why (tf.keras 2)`: each reason once, with the dialects it holds in. */
function reasons(xs: readonly { dialect: Dialect; why: string }[]): string {
  const by = new Map<string, Dialect[]>();
  for (const { dialect, why } of xs) by.set(why, [...(by.get(why) ?? []), dialect]);
  return [...by].map(([why, ds]) => `${why} (${ds.join(', ')})`).join('; ');
}


/**
 * Reads a TensorFlow op's list(int) attribute (`ksize`, `strides`, `dilations`: an int or a list) as
 * the op wrappers do [tensorflow/tensorflow · tensorflow/python/eager/execute.py · make_int, and
 * tensorflow/python/framework/op_def_library.py · _MakeInt in graph mode]: a string entry is a
 * TypeError ("Expected int for argument"), any other entry is `int()`-ed, so 2.5 runs as 2
 * (information, followed). Returns the entries, or null when one is unknown or rejected; sizes < 1
 * are the engine's window rule to reject.
 */
export function tfIntsAttr(call: OpCall, name: string): number[] | null {
  const v = call.args.get(name);
  if (v === undefined) return null;
  const items = isSeq(v) ? v.items : [v];
  const node = call.args.node(name);
  const shown = node ? textOf(node) : (pyStr(v) ?? name);
  const xs: number[] = [];
  for (const it of items) {
    if (it.kind === 'str') {
      call.ctx.report({ severity: certain(node, 'error'), code: 'invalid-size', message: `${name}=${shown} is invalid: the entry ${pyStr(it)} is a string (TypeError "Expected int for argument '${name}'")`, node });
      return null;
    }
    if (it.kind !== 'num' || !Number.isSafeInteger(Math.trunc(it.value))) return null;
    xs.push(Math.trunc(it.value));
  }
  const converted = items.filter((it) => it.kind === 'num' && !Number.isInteger(it.value));
  if (converted.length > 0) call.ctx.report({ severity: 'information', code: 'size-converted', message: `${name}=${shown} is read as ${xs.length === 1 && !isSeq(v) ? xs[0] : `[${xs.join(', ')}]`}: TensorFlow int()s each entry`, node });
  return xs;
}
