/**
 * The Python front end: an abstract interpreter over the tree-sitter syntax tree that follows
 * tensor shapes through Keras / TensorFlow code without running anything.
 *
 * Output contract (see ../analysis/types.ts): one LayerResult per layer application —
 * `type` is the callee as written, `name` the `name=` argument, `range` the call that applies the
 * layer (for `Sequential([...])`/`model.add(...)` the layer's constructor call), `anchor` the end
 * of the line where that call ends, and one output Tensor named after the assigned variable (or
 * `output`). User-function and model call sites that return tensors get an entry too (type = the
 * function / class name, params and MACs null so totals are not counted twice). `actions` holds the
 * refactors of ./catalog/refactor.ts, kept only where every application of the call agrees.
 *
 * After the module body has run, functions, methods and Sequential models no call site reached are
 * analysed on their own ("speculatively"): parameters without defaults are tensors of unknown rank,
 * which layers read as symbolic `(N, H, W, C)`; those results only appear where no real call
 * produced one, and shape-dependent checks stay quiet in them.
 */
import { Parser, type Tree } from 'web-tree-sitter';
import type { AnalysisResult } from '../analysis/types.js';
import { resolveDotted } from './builtins.js';
import { bindMethod, callValue, instantiate, invoke } from './calls.js';
import { kerasVersionOf } from './dialect.js';
import { Scope } from './env.js';
import { Interp } from './interp.js';
import { finishModels } from './models.js';
import { exec } from './statements.js';
import { buildTree, namedChildren, textOf, type PyNode, type SyntaxCache } from './syntax.js';
import type { FuncV, InstanceV, Value } from './values.js';

export interface PythonOptions {
  /** Include information-level porting notes (e.g. asymmetric SAME padding). */
  notes?: boolean;
  /** The statements the last analysis of the same document copied (an editor keeps one per document). */
  cache?: SyntaxCache;
  /** The text the tree was parsed from (its positions are then counted from it, not rebuilt). */
  text?: string;
}

export function analyzePython(tree: Tree, options?: PythonOptions): AnalysisResult {
  const root = buildTree(tree, options?.text, options?.cache);
  const source = root.src.text;
  const it: Interp = new Interp(
    kerasVersionOf(source),
    options?.notes ?? false,
    (fn, args, site) => callValue(it, fn, args, site, textOf(site)),
    (dotted) => resolveDotted(it, dotted),
  );
  const scope = new Scope('module', null);
  it.moduleScope = scope;
  try {
    const statements = root.hasError ? recover(tree, root) : root;
    for (const stmt of statements.children) {
      if (!stmt.named) continue;
      if (!it.slice()) break;
      if (exec(it, stmt, scope) !== 'normal') break;
    }
    it.slice();
    finishModels(it);
    runUncalled(it);
  } catch {
    // The interpreter is written not to throw; if it ever does, keep what was found so far.
  }
  const { layers, diagnostics } = it.results();
  return { language: 'python', layers, diagnostics };
}

/**
 * A file with syntax errors: tree-sitter often folds everything after the error into one ERROR
 * node. Each broken top-level region is split at lines that start a new top-level statement and
 * re-parsed on its own (padded with newlines so positions stay the same), so the parts that parse
 * still get shapes.
 */
function recover(tree: Tree, root: PyNode): PyNode {
  const lines = root.src.text.split('\n');
  const statements: PyNode[] = [];
  let parser: Parser | null = null;
  for (const child of root.children) {
    if (!child.hasError) {
      statements.push(child);
      continue;
    }
    parser ??= newParserFor(tree);
    if (!parser) continue;
    for (const [from, to] of chunks(lines, child.start.line, child.end.line)) {
      const text = '\n'.repeat(from) + lines.slice(from, to + 1).join('\n');
      const sub = parser.parse(text);
      if (!sub) continue;
      const subRoot = buildTree(sub, text);
      sub.delete();
      statements.push(...subRoot.children);
    }
  }
  parser?.delete();
  return { ...root, children: statements };
}

function newParserFor(tree: Tree): Parser | null {
  try {
    const p = new Parser();
    p.setLanguage(tree.language);
    return p;
  } catch {
    return null;
  }
}

/** Line ranges [from, to] that each start with a top-level statement. */
function chunks(lines: string[], first: number, last: number): [number, number][] {
  const out: [number, number][] = [];
  let start = first;
  let prevDecorator = false;
  for (let i = first + 1; i <= last; i++) {
    const line = lines[i] ?? '';
    const topLevel = /^[A-Za-z_@]/.test(line) && !/^(else|elif|except|finally)\b/.test(line);
    if (topLevel && !prevDecorator) {
      out.push([start, i - 1]);
      start = i;
    }
    if (line.trim() !== '') prevDecorator = line.startsWith('@');
  }
  out.push([start, last]);
  return out;
}

/** Functions and methods no call site reached, analysed with unknown arguments (bounded rounds). */
function runUncalled(it: Interp): void {
  const done = new Set<number>();
  for (let round = 0; round < 4; round++) {
    const todo = [...it.functions.values()].filter((f) => !it.invoked.has(f.node.id) && !done.has(f.node.id));
    if (todo.length === 0 || it.exhausted) return;
    for (const fn of todo) {
      done.add(fn.node.id);
      if (it.invoked.has(fn.node.id)) continue;
      if (!it.slice()) return;
      it.speculative++;
      try {
        speculate(it, fn);
      } finally {
        it.speculative--;
      }
    }
  }
}

function speculate(it: Interp, fn: FuncV): void {
  const cls = it.methodOf.get(fn.node.id);
  const site = fn.node;
  if (!cls) {
    invoke(it, fn, { positional: [], keywords: new Map(), opaque: false }, site);
    return;
  }
  const name = fn.name;
  if (name === '__init__' && it.instantiated.has(cls.node.id)) return;
  let inst = it.speculativeInstances.get(cls.node.id);
  if (!inst) {
    const made = instantiate(it, cls, { positional: [], keywords: new Map(), opaque: false }, site);
    if (made.kind !== 'instance') return;
    inst = made as InstanceV;
    it.speculativeInstances.set(cls.node.id, inst);
  }
  if (name === '__init__') return;
  // Static methods and class methods get no `self`.
  const decorated = fn.node.parent?.type === 'decorated_definition' ? namedChildren(fn.node.parent).filter((c) => c.type === 'decorator').map(textOf) : [];
  const bound: Value = decorated.some((d) => d.includes('staticmethod')) ? fn : bindMethod(fn, decorated.some((d) => d.includes('classmethod')) ? cls : inst);
  if (bound.kind === 'function') invoke(it, bound, { positional: [], keywords: new Map(), opaque: false }, site);
}

