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
 * After the module body has run, the top-level functions and classes no call site reached are
 * analysed as entry points (./entry-points.ts), and Sequential models no input reached are applied to
 * an unknown input; those results only appear where no real call produced one, and shape-dependent
 * checks stay quiet in them.
 */
import { Parser, type Language, type Tree } from 'web-tree-sitter';
import type { AnalysisResult, Diagnostic, LayerResult, ModelSummary } from '../analysis/types.js';
import { resolveDotted } from './builtins.js';
import { callValue } from './calls.js';
import { runEntryPoints } from './entry-points.js';
import { kerasVersionOf } from './dialect.js';
import { Scope } from './env.js';
import { syntaxErrors } from './broken.js';
import { Interp } from './interp.js';
import { Modules, type ModuleOptions } from './modules.js';
import { finishModels } from './models.js';
import { exec } from './statements.js';
import { execTopLevel } from './incremental.js';
import { ResumePoints } from './resume-points.js';
import { markDocument } from './kept-values.js';
import type { RunGeneration } from './statement-cache.js';
import type { MemoCounts } from './memo.js';
import { parseModule } from './parse.js';
import { reparseModule } from './edit-parse.js';
import { rangeOf, textOf, type PyNode, type SyntaxCache } from './syntax.js';
import { buildTree } from './syntax-copy.js';
import { TablesCancelled } from './tables.js';

export interface PythonOptions {
  /** Include information-level porting notes (e.g. asymmetric SAME padding). */
  notes?: boolean;
  /** The statements the last analysis of the same document copied (an editor keeps one per document). */
  cache?: SyntaxCache;
  /** Keras' `image_data_format()` where the file sets none (`shapelens.python.imageDataFormat`). */
  imageDataFormat?: 'channels_last' | 'channels_first';
  /** Keras 1's ordering where the file states none and both give a valid model (`shapelens.python.keras1DimOrdering`). */
  keras1DimOrdering?: 'th' | 'tf';
  /** Follow imports of project files and installed packages through this resolver. */
  modules?: ModuleOptions;
  /** The text the tree was parsed from (its positions are then counted from it, not rebuilt). */
  text?: string;
  /** True once the result is no longer wanted: the interpreter stops at its next budget check. */
  cancelled?: () => boolean;
  /** false: every user call runs, none replays an equal one's (./memo.ts; tests compare both); counts: calls kept and replayed are added to it. */
  memo?: false | MemoCounts;
}

/** The analysis of an already parsed tree (an editor's, re-parsed incrementally; `options.text`: the text it was parsed from). */
export function analyzePython(tree: Tree, options?: PythonOptions): AnalysisResult {
  return analyzeModule(buildTree(tree, options?.text, { cache: options?.cache, cancelled: options?.cancelled }), tree.language, options);
}

/** Parses `text` with `parser` (set to Python; a big text in parts, ./parse.ts) and analyses it. */
export function analyzePythonText(parser: Parser, text: string, options?: PythonOptions): AnalysisResult {
  const root = parseModule(parser, text, { cache: options?.cache, cancelled: options?.cancelled });
  const language = parser.language;
  if (!root || !language) return { language: 'python', layers: [], diagnostics: [] };
  return analyzeModule(root, language, options);
}

/**
 * An editor's analysis after an edit with only the statements it touched parsed again
 * (./edit-parse.ts); null when that does not apply, and the caller parses the whole text.
 */
export function analyzeEditedPython(parser: Parser, text: string, options: PythonOptions & { cache: SyntaxCache }): AnalysisResult | null {
  const root = reparseModule(parser, text, options.cache, { cancelled: options.cancelled });
  const language = parser.language;
  return root && language ? analyzeModule(root, language, options) : null;
}

function analyzeModule(root: PyNode, language: Language, options?: PythonOptions): AnalysisResult {
  const version = kerasVersionOf(root.src.text);
  const notes = options?.notes ?? false;
  const modules = options?.modules;
  const cache = options?.cache;
  const cancelled = options?.cancelled;
  const run = (channelsFirst: boolean, extent: Extent = WHOLE): Run =>
    runModule(language, root, version, notes, channelsFirst, modules, cancelled, cache?.runs.start(`${version}|${notes}|${channelsFirst}|${modules !== undefined}`) ?? null, options?.memo ?? null, extent);
  if (version === 2) {
    // `image_data_format()` comes from ~/.keras/keras.json on the machine that runs the code: a
    // problem only the setting's format has (the other runs) rests on that assumption.
    const first = run(options?.imageDataFormat === 'channels_first');
    // A syntax error is the same under both formats (never demoted): it alone needs no second run.
    if (!first.configRead || alarms(first, (d) => d.code !== 'syntax-error') === 0) return resultOf(first);
    const format = (r: Run) => (r.channelsFirst ? "'channels_first'" : "'channels_last'");
    // Only its diagnostics are read, and only whether it reports the first run's alarms: its rows
    // and model tables are not built, and it stops after the top-level statement during which the
    // first run reported its last alarm (what it reports later is never compared).
    const other = run(!first.channelsFirst, { through: first.lastAlarmAt });
    return resultOf({ ...first, diagnostics: demoted(first, other, `assuming image_data_format ${format(first)}, the setting shapelens.python.imageDataFormat: under ${format(other)} it runs`) });
  }
  // Keras 1's default ordering changed with the version ('th' up to 1.0.8, 'tf' from 1.1.0,
  // keras/backend/common.py `_IMAGE_DIM_ORDERING`), and a file rarely says which it targets.
  const preferred = (options?.keras1DimOrdering ?? 'tf') === 'th';
  const first = run(preferred);
  if (!first.configRead) return resultOf(first);
  return resultOf(assumeOrdering(first, run(!preferred)));
}

interface Run {
  readonly layers: LayerResult[];
  readonly diagnostics: Diagnostic[];
  readonly models: ModelSummary[];
  readonly channelsFirst: boolean;
  readonly configRead: PyNode | null;
  /** The top-level statement during which the run reported its last error or warning (Interp.lastAlarmAt). */
  readonly lastAlarmAt: number;
  /** The files the run imported. */
  readonly dependencies: readonly string[];
}

function resultOf(r: Run): AnalysisResult {
  return { language: 'python', layers: r.layers, diagnostics: r.diagnostics, models: r.models, ...(r.dependencies.length > 0 ? { dependencies: r.dependencies } : {}) };
}

/**
 * How much of the module a run covers: all of it, with its rows and model tables (WHOLE); or, for a
 * run read only for its diagnostics, its top-level statements up to index `through` (Infinity: the
 * models and entry points after them too), without tables.
 */
type Extent = { readonly through: number; readonly tables?: true };
const WHOLE: Extent = { through: Infinity, tables: true };

/**
 * One run of the module body (then the models and entry points); with `runs`, statements the edit
 * left alone are replayed.
 */
function runModule(language: Language, root: PyNode, version: 1 | 2, notes: boolean, channelsFirst: boolean, modules: ModuleOptions | undefined, cancelled: (() => boolean) | undefined, runs: RunGeneration | null, memo: false | MemoCounts | null, extent: Extent): Run {
  const it: Interp = new Interp(
    version,
    notes,
    channelsFirst,
    (fn, args, site) => callValue(it, fn, args, site, textOf(site)),
    (dotted) => resolveDotted(it, dotted),
  );
  if (cancelled) it.cancelled = cancelled;
  if (memo === false) it.memo = null;
  it.statementRuns = runs;
  const scope = new Scope('module', null);
  markDocument(scope);
  it.moduleScope = scope;
  if (modules) it.modules = new Modules(modules, language);
  /** A cancelled run is thrown away: its tables are not built (seconds over many rows; a cancel while they are built stops them too). */
  let thrownAway = false;
  try {
    if (root.hasError) for (const r of syntaxErrors(root)) it.report(r, r.node!);
    const statements = root.hasError ? recover(language, root).children : root.children;
    const end = Math.min(statements.length, extent.through + 1);
    // A module with a syntax error runs from its first statement (its errors are reported first)
    // and leaves the last boundaries to the next analysis (the edit that mends it).
    const first = runs && !root.hasError ? ResumePoints.resume(it, scope, root.src.text, statements, end, runs) : 0;
    const points = runs && !root.hasError ? runs.resumePoints : null;
    for (let i = first; i < end; i++) {
      const stmt = statements[i]!;
      if (!stmt.named) continue;
      if (!it.slice()) break;
      it.documentStatement = stmt;
      it.topLevelIndex = i;
      if ((runs ? execTopLevel(it, stmt, scope, runs) : exec(it, stmt, scope)) !== 'normal') break;
      // Past what an earlier analysis did from here, when this one's state is that one's here.
      if (points) i = points.passed(it, i, end) - 1;
    }
    it.topLevelIndex = Infinity;
    it.slice();
    if (extent.through === Infinity) {
      finishModels(it);
      runEntryPoints(it);
    }
    if (memo && it.memo) it.memo.countInto(memo);
    thrownAway = cancelled?.() === true;
  } catch (e) {
    // The interpreter is written not to throw; if it ever does, keep what was found so far and say
    // where it stopped: what comes after is missing, not empty.
    const at = it.documentStatement ?? root;
    const message = `Shape Lens stopped here on an internal error (${e instanceof Error ? e.message : String(e)}): the shapes from this statement on are missing. Please report it.`;
    it.addDiagnostic('internal-error', { d: { range: rangeOf(at), severity: 'information', code: 'internal-error', message, related: [], fixes: [] }, speculative: false });
  } finally {
    it.modules?.dispose();
  }
  const results = thrownAway ? NO_RESULTS : extent.tables ? resultsUnlessCancelled(it) : { ...NO_RESULTS, diagnostics: it.sortedDiagnostics() };
  return { ...results, channelsFirst, configRead: it.configRead, lastAlarmAt: it.lastAlarmAt, dependencies: it.modules?.paths ?? [] };
}

const NO_RESULTS = { layers: [], diagnostics: [], models: [] };

/** The run's results; none when it is cancelled while they are built (the caller throws them away). */
function resultsUnlessCancelled(it: Interp): ReturnType<Interp['results']> {
  try {
    return it.results();
  } catch (e) {
    if (e instanceof TablesCancelled) return NO_RESULTS;
    throw e;
  }
}

/**
 * A Keras 1 file that reads the ordering it never states, analysed under both: when only one gives
 * a model without errors or warnings, that one; otherwise the setting's (`preferred`, run first).
 * What only the assumed ordering reports is information at most, and a note says what was assumed.
 */
function assumeOrdering(preferred: Run, other: Run): Run {
  const onlyOther = alarms(preferred) > 0 && alarms(other) === 0;
  const chosen = onlyOther ? other : preferred;
  const rejected = onlyOther ? preferred : other;
  const name = (r: Run) => (r.channelsFirst ? "'th'" : "'tf'");
  const why =
    alarms(chosen) === 0 && alarms(rejected) > 0
      ? `only it gives a model Keras accepts (${name(rejected)} reports ${alarms(rejected)} problem${alarms(rejected) === 1 ? '' : 's'})`
      : `${alarms(chosen) === 0 ? 'both give' : 'neither gives'} a model Keras accepts, so the setting shapelens.python.keras1DimOrdering decides`;
  const diagnostics = demoted(chosen, rejected, `assuming dim ordering ${name(chosen)}`);
  const at = chosen.configRead ?? rejected.configRead;
  if (at) {
    diagnostics.push({
      range: rangeOf(at),
      // A hint: it shows in the hover without a squiggle or a Problems row.
      severity: 'hint',
      code: 'keras1-dim-ordering-assumed',
      message: `Keras 1 dim ordering assumed ${name(chosen)} (the file does not call set_image_dim_ordering; the default was 'th' up to Keras 1.0.8, 'tf' from 1.1.0): ${why}`,
      related: [],
      fixes: [],
    });
    diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }
  return { ...chosen, diagnostics };
}

/** The errors and warnings of `r` (those `which` takes). */
function alarms(r: Run, which: (d: Diagnostic) => boolean = () => true): number {
  return r.diagnostics.filter((d) => (d.severity === 'error' || d.severity === 'warning') && which(d)).length;
}

/** `chosen`'s diagnostics, each error or warning that `other` does not have made information: it rests on the assumption. */
function demoted(chosen: Run, other: Run, assumption: string): Diagnostic[] {
  const both = new Set(other.diagnostics.map(diagnosticKey));
  return chosen.diagnostics.map((d) => ((d.severity === 'error' || d.severity === 'warning') && !both.has(diagnosticKey(d)) ? { ...d, severity: 'information' as const, message: `${d.message} (${assumption})` } : d));
}

/** The same problem at the same place under both orderings (the numbers in the message may differ). */
function diagnosticKey(d: Diagnostic): string {
  return `${d.code}|${d.range.start.line}:${d.range.start.character}`;
}

/**
 * A file with syntax errors: tree-sitter often folds everything after the error into one ERROR
 * node. Each broken top-level region is split at lines that start a new top-level statement and
 * re-parsed on its own (padded with newlines so positions stay the same), so the parts that parse
 * still get shapes.
 */
function recover(language: Language, root: PyNode): PyNode {
  const lines = root.src.text.split('\n');
  const statements: PyNode[] = [];
  let parser: Parser | null = null;
  for (const child of root.children) {
    if (!child.hasError) {
      statements.push(child);
      continue;
    }
    parser ??= newParserFor(language);
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

function newParserFor(language: Language): Parser | null {
  try {
    const p = new Parser();
    p.setLanguage(language);
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
