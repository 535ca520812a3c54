/**
 * Refactor: a TF/Keras `SAME` convolution rewritten as explicit zero padding + `VALID`, padded the
 * way Caffe, PyTorch and the official TF ResNet's `fixed_padding` pad: (E−1)/2 cells on each side,
 * whatever the input size (SHAPE_SEMANTICS §1.6, §5.1).
 *
 * Why: TF SAME pads T = max(0, (O−1)·S + E − I), ⌊T/2⌋ before and the rest after, so with a stride
 * on an even input it starts one cell later than Caffe (k3/s2 on 56: (0, 1) instead of (1, 1); k7/s2
 * on 224: (2, 3) instead of (3, 3)). Explicit pads of (E−1)/2 + VALID give ⌊(I + E − 1 − E)/S⌋ + 1 =
 * ⌈I/S⌉: the same output size as SAME, with Caffe's window positions.
 *
 * Offered only where the edit is exact:
 * - a convolution whose padding argument is the string literal 'same'/'SAME', every spatial input
 *   size known, every kernel extent odd (for an even extent Caffe's symmetric pad cannot give that
 *   size, and SAME may already be what Caffe does), and SAME's split differs from the fixed one;
 * - written as `Conv2D(…)(x)` (as `y = Conv2D(…)(x)` on a line of its own, the padding gets a
 *   `y = ZeroPadding2D(…)(x)` line above it, so each line keeps one layer and one hint; elsewhere
 *   it is nested: `Conv2D(…)(ZeroPadding2D(…)(x))`), as an element of a `Sequential([…])` list, as
 *   `model.add(Conv2D(…))` on a line of its own, or as `tf.layers.conv2d(x, …)` / `tf.nn.conv2d(x, …)`;
 * - with a `ZeroPadding<N>D` (or `tf.pad`) the file can name: through the conv's own module prefix,
 *   a name already imported, or added to the `from … import` line that imports the conv.
 * Not offered for pooling: ZeroPadding + VALID pads max-pooling with zeros where SAME pads with −∞
 * (equal only after a ReLU), and Caffe's own pooling is not padded this way (SHAPE_SEMANTICS §5.2).
 */
import { extentOf, windowAxis, type AxisResult } from '../../engine/window.js';
import { isKnown } from '../../engine/dim.js';
import type { Fix, Range, TextEdit } from '../../analysis/types.js';
import { namespaceOf, normalizePath } from '../imports.js';
import { field, namedChildren, rangeOf, textOf, type PyNode } from '../syntax.js';
import type { Value } from '../values.js';
import type { OpCall, OpResult } from './types.js';

/** The fixed split per spatial axis, when the refactor applies to these axes. */
function fixedPads(axes: readonly AxisResult[]): [number, number][] | null {
  if (axes.length === 0) return null;
  const pads: [number, number][] = [];
  let differs = false;
  for (const a of axes) {
    if (a.padding.kind !== 'same' || a.padBefore === null || a.padAfter === null || !isKnown(a.input) || !isKnown(a.output)) return null;
    const E = extentOf(a.window);
    if (E % 2 === 0) return null;
    const before = (E - 1) / 2;
    const after = E - 1 - before;
    // The promise of the refactor: explicit (before, after) + VALID keeps SAME's output size.
    const check = windowAxis(a.input, a.window, { kind: 'explicit', before, after });
    if (!check.ok || check.value.output !== a.output) return null;
    if (a.padBefore !== before || a.padAfter !== after) differs = true;
    pads.push([before, after]);
  }
  return differs ? pads : null;
}

/** `'same'` → `'valid'` in the user's quotes and case; null when the argument is not that literal. */
function validLiteral(node: PyNode | null): string | null {
  if (!node || node.type !== 'string') return null;
  const m = /^([rRuU]?)('|")(same)\2$/i.exec(textOf(node));
  if (!m) return null;
  const valid = m[3] === m[3]!.toUpperCase() ? 'VALID' : 'valid';
  return `${m[1]}${m[2]}${valid}${m[2]}`;
}

function edit(range: Range, newText: string): TextEdit {
  return { range, newText };
}

function at(p: Range['start']): Range {
  return { start: p, end: p };
}

function isOpRef(v: Value, name: string, flavour: string): boolean {
  return v.kind === 'opref' && v.entry.names.includes(name) && v.flavour === flavour;
}

/** The module (top level) the node belongs to. */
function moduleOf(node: PyNode): PyNode {
  let n = node;
  while (n.parent) n = n.parent;
  return n;
}

/** The line's text before `node` when only whitespace precedes it, else null. */
function indentBefore(node: PyNode): string | null {
  const text = node.src.text;
  const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
  const prefix = text.slice(lineStart, node.startIndex);
  return /^[ \t]*$/.test(prefix) ? prefix : null;
}

/**
 * How to write `ZeroPadding<N>D` next to a conv called as `callee`: the conv's module prefix, a
 * name already bound, or the bare name plus an edit adding it to the conv's `from … import` line.
 */
function zeroPaddingName(call: OpCall, zp: string): { name: string; edits: TextEdit[] } | null {
  const { callee, ctor } = call.syntax;
  const flavour = call.flavour;
  const dot = callee.lastIndexOf('.');
  if (dot >= 0) {
    const name = `${callee.slice(0, dot)}.${zp}`;
    return isOpRef(call.ctx.resolve(name), zp, flavour) ? { name, edits: [] } : null;
  }
  const bound = call.ctx.resolve(zp);
  if (isOpRef(bound, zp, flavour)) return { name: zp, edits: [] };
  if (bound.kind !== 'unknown') return null;
  // Not bound: add it to the `from <keras layers> import …` statement that binds the conv's name.
  for (const stmt of moduleOf(ctor).children) {
    if (stmt.type !== 'import_from_statement') continue;
    const mod = field(stmt, 'module_name');
    if (!mod || mod.type !== 'dotted_name' || namespaceOf(textOf(mod)) !== 'keras.layers') continue;
    const names = stmt.children.filter((c) => c.field === 'name');
    const binds = names.some((c) => {
      const n = c.type === 'aliased_import' ? field(c, 'alias') : c;
      return n !== null && textOf(n) === callee;
    });
    const last = names[names.length - 1];
    if (binds && last) return { name: zp, edits: [edit(at(last.end), `, ${zp}`)] };
  }
  return null;
}

/** The keyword arguments of a first Sequential layer that declare the model input (they move to the padding layer). */
const INPUT_KEYWORDS = ['input_shape', 'batch_input_shape', 'batch_size', 'input_dim', 'input_length'];

/**
 * Moves the input-declaring keywords off the conv: their text, and edits deleting each with its
 * comma (never a comment: null when one sits in the way).
 */
function movedInputKeywords(ctor: PyNode): { text: string; edits: TextEdit[] } | null {
  const argList = field(ctor, 'arguments');
  if (!argList) return null;
  const args = namedChildren(argList);
  const moved = args.filter((a) => a.type === 'keyword_argument' && INPUT_KEYWORDS.includes(textOf(field(a, 'name') ?? a)));
  const src = ctor.src.text;
  const clean = (from: PyNode['end'], fromIndex: number, to: PyNode['end'], toIndex: number): TextEdit | null =>
    src.slice(fromIndex, toIndex).includes('#') ? null : edit({ start: from, end: to }, '');
  const edits: TextEdit[] = [];
  for (const kw of moved) {
    const i = args.indexOf(kw);
    const prev = args[i - 1];
    const next = args[i + 1];
    // `, input_shape=…` after an argument; else `input_shape=…, ` up to the next one.
    const e =
      (prev ? clean(prev.end, prev.endIndex, kw.end, kw.endIndex) : null) ??
      (next && !moved.includes(next) ? clean(kw.start, kw.startIndex, next.start, next.startIndex) : null);
    if (!e) return null;
    edits.push(e);
  }
  return { text: moved.map((kw) => `, ${textOf(kw)}`).join(''), edits };
}

/** Where a layer applied by a Sequential model is written, and the edit that puts a layer before it. */
function insertBefore(call: OpCall, ctor: PyNode, layerText: (extra: string) => string, extra: string): TextEdit | null {
  const parent = ctor.parent;
  if (!parent) return null;
  if (parent.type === 'list' || parent.type === 'tuple') {
    // Sequential([…]) or Sequential(layers=[…]): the list literal is the constructor's argument.
    const holder = parent.parent?.type === 'keyword_argument' ? parent.parent : parent;
    const seqCall = holder.parent?.type === 'argument_list' ? holder.parent.parent : null;
    const seqFn = seqCall?.type === 'call' ? field(seqCall, 'function') : null;
    const seq = seqFn ? call.ctx.resolve(textOf(seqFn)) : null;
    if (!seq || seq.kind !== 'opref' || seq.entry.kind !== 'sequential') return null;
    const indent = indentBefore(ctor);
    return edit(at(ctor.start), `${layerText(extra)},${indent !== null ? `\n${indent}` : ' '}`);
  }
  if (parent.type === 'argument_list' && namedChildren(parent).length === 1) {
    // model.add(Conv2D(…)) as a statement on its own line: a model.add(…) line before it.
    const addCall = parent.parent;
    const fn = addCall ? field(addCall, 'function') : null;
    const stmt = addCall?.parent;
    if (!addCall || !fn || fn.type !== 'attribute' || textOf(field(fn, 'attribute') ?? fn) !== 'add') return null;
    if (!stmt || stmt.type !== 'expression_statement' || namedChildren(stmt).length !== 1) return null;
    const indent = indentBefore(stmt);
    const obj = field(fn, 'object');
    if (indent === null || !obj) return null;
    return edit(at(stmt.start), `${textOf(obj)}.add(${layerText(extra)})\n${indent}`);
  }
  return null;
}

/**
 * The statement `name = <site>` on a line of its own, when the conv call `site` is all of its right
 * side and its constructor does not read `name` (the padding line above assigns it first).
 */
function assignedStatement(site: PyNode, ctor: PyNode): { node: PyNode; target: string; indent: string } | null {
  const assignment = site.parent;
  if (assignment?.type !== 'assignment' || field(assignment, 'right') !== site) return null;
  const left = field(assignment, 'left');
  const stmt = assignment.parent;
  if (left?.type !== 'identifier' || stmt?.type !== 'expression_statement' || namedChildren(stmt).length !== 1) return null;
  const target = textOf(left);
  if (new RegExp(`\\b${target}\\b`).test(textOf(ctor))) return null;
  const indent = indentBefore(stmt);
  return indent === null ? null : { node: stmt, target, indent };
}

function pairsText(pads: readonly [number, number][]): string {
  const pairs = pads.map(([b, a]) => `(${b}, ${a})`);
  return pairs.length === 1 ? pairs[0]! : `(${pairs.join(', ')})`;
}

/** Keras `Conv<N>D(…, padding='same')`: ZeroPadding<N>D + 'valid'. */
function kerasAction(call: OpCall, pads: [number, number][], valid: string, paddingNode: PyNode, channelsFirst: boolean): Fix | null {
  const { syntax, site } = call;
  if (syntax.kind !== 'layer' || (call.flavour === 'keras' && call.ctx.kerasVersion === 1)) return null;
  const zp = `ZeroPadding${pads.length}D`;
  const named = zeroPaddingName(call, zp);
  if (!named) return null;
  let format = '';
  if (channelsFirst) {
    const df = call.args.node('data_format');
    if (!df || call.args.str('data_format') !== 'channels_first') return null;
    format = `, data_format=${textOf(df)}`;
  }
  const args = `${pairsText(pads)}${format}`;
  const title = `Pad explicitly like Caffe: ${zp}(${args}) + padding=${valid}`;
  const edits: TextEdit[] = [...named.edits, edit(rangeOf(paddingNode), valid)];
  const inline = site.type === 'call' && field(site, 'function') === syntax.ctor;
  if (inline) {
    if (!syntax.input) return null;
    const padding = `${named.name}(${args})(${textOf(syntax.input)})`;
    const statement = assignedStatement(site, syntax.ctor);
    if (statement) {
      // y = Conv2D(…)(x) → y = ZeroPadding2D(…)(x) on a line above, then y = Conv2D(…, padding='valid')(y)
      edits.push(edit(at(statement.node.start), `${statement.target} = ${padding}\n${statement.indent}`), edit(rangeOf(syntax.input), statement.target));
    } else {
      // No statement of its own: Conv2D(…)(x) → Conv2D(…, padding='valid')(ZeroPadding2D(…)(x))
      edits.push(edit(rangeOf(syntax.input), padding));
    }
  } else if (site === syntax.ctor) {
    // Applied by a Sequential model: the padding layer goes before it (and takes any input_shape=).
    const moved = movedInputKeywords(syntax.ctor);
    if (!moved) return null;
    const inserted = insertBefore(call, syntax.ctor, (extra) => `${named.name}(${args}${extra})`, moved.text);
    if (!inserted) return null;
    edits.push(inserted, ...moved.edits);
  } else return null;
  return { title, kind: 'refactor', preferred: false, edits };
}

/** `tf.layers.conv2d(x, …)` / `tf.nn.conv2d(x, …)` with 'SAME': tf.pad(x, …) + 'VALID'. */
function tfAction(call: OpCall, pads: [number, number][], valid: string, paddingNode: PyNode, channelsFirst: boolean): Fix | null {
  const { syntax } = call;
  const input = syntax.input;
  if (syntax.kind !== 'op' || !input) return null;
  const root = syntax.callee.split('.')[0]!;
  const tf = call.ctx.resolve(root);
  if (tf.kind !== 'module' || normalizePath(tf.path) !== 'tensorflow') return null;
  const rows = pads.map(([b, a]) => `[${b}, ${a}]`);
  const paddings = `[${(channelsFirst ? ['[0, 0]', '[0, 0]', ...rows] : ['[0, 0]', ...rows, '[0, 0]']).join(', ')}]`;
  const shown = textOf(input);
  const title = `Pad explicitly like Caffe: ${root}.pad(${shown.length <= 24 && !shown.includes('\n') ? shown : '…'}, ${paddings}) + padding=${valid}`;
  const edits = [edit(rangeOf(paddingNode), valid), edit(rangeOf(input), `${root}.pad(${shown}, ${paddings})`)];
  return { title, kind: 'refactor', preferred: false, edits };
}

/**
 * The refactor for a convolution's result (none when it does not apply): `paddingArg` names the
 * padding argument, `channelsFirst` the data format the conv was analysed with.
 */
export function explicitPaddingActions(call: OpCall, result: OpResult, paddingArg: string, channelsFirst: boolean | null): readonly Fix[] {
  const w = result.windowing;
  if (call.ctx.speculative || channelsFirst === null || !w || w.kind !== 'window' || w.op !== 'convolution') return [];
  const pads = fixedPads(w.axes);
  if (!pads) return [];
  const paddingNode = call.args.node(paddingArg);
  const valid = validLiteral(paddingNode);
  if (!paddingNode || !valid || paddingNode.hasError) return [];
  const fix = call.syntax.kind === 'layer' ? kerasAction(call, pads, valid, paddingNode, channelsFirst) : call.flavour === 'tf' && call.syntax.callee.includes('.') ? tfAction(call, pads, valid, paddingNode, channelsFirst) : null;
  return fix ? [fix] : [];
}
