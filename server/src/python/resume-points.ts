/**
 * Resuming the module body after an edit (issue 12, "incremental interpretation"): the
 * interpreter's state at boundaries between top-level statements, kept from the last analyses of a
 * document, so that the next one starts at the last boundary before its edit instead of replaying
 * every statement before it (./incremental.ts checks each replayed statement's place and inputs),
 * and, after its edit, takes what an earlier analysis did from a boundary to the next wherever its
 * state is that analysis' state there (an edit undone: what follows it is as two analyses ago).
 *
 * A boundary is kept only while every statement before it kept its run: its effects are then all
 * ones replay re-applies (names bound to values no code can change, default-name counters, rows,
 * diagnostics, functions called, steps, the config read), so this state is the one replaying them
 * would give. A later analysis resumes at a boundary when the text before it is the same (every
 * node there sits where it sat) and its statements are the same nodes, whose kept runs it carries.
 */
import type { Scope } from './env.js';
import type { Interp, Recorded } from './interp.js';
import type { DiagnosticEntry, RunGeneration } from './statement-cache.js';
import type { PyNode } from './syntax.js';
import { trackedVars, type TrackedVars } from './tracked-vars.js';
import type { Value } from './values.js';

/** The interpreter's state once the top-level statements before `index` have run. */
interface Boundary {
  readonly index: number;
  /** Where the text after it starts: the line after the one its last statement ends on. */
  readonly offset: number;
  readonly line: number;
  readonly vars: readonly (readonly [string, Value])[];
  readonly names: readonly (readonly [string, number])[];
  /** How many rows, diagnostics and called functions the analysis had then (its lists only grow). */
  readonly records: number;
  readonly diagnostics: number;
  readonly invoked: number;
  readonly steps: number;
  readonly configRead: PyNode | null;
  readonly statement: PyNode | null;
  readonly lastAlarmAt: number;
}

/** One analysis' module body as its boundaries need it: its text, statements, lists (not all the interpreter held). */
interface BodyRun {
  readonly text: string;
  readonly statements: readonly PyNode[];
  /** Where each statement started then (a reused node is moved to where the next analysis has it). */
  readonly starts: readonly number[];
  readonly records: readonly Recorded[];
  readonly diagnostics: readonly DiagnosticEntry[];
  readonly invoked: ReadonlySet<number>;
  readonly boundaries: Boundary[];
}

/**
 * The fewest statements between two boundaries, and more where the module binds more names than
 * that (a boundary copies them all): the copies then cost a constant per statement.
 */
const SPACING = 64;

/** One analysis' boundaries (with those it resumed from, which hold for it too). */
export class ResumePoints {
  private readonly own: BodyRun;
  /** For each earlier body, where in its boundaries the one at each statement index is. */
  private readonly boundaryAt: readonly ReadonlyMap<number, number>[];
  /** Whether every statement run so far kept its run: boundaries are made only while it holds. */
  private open = true;

  private constructor(
    /** The kept runs of the analyses of this kind (the statements taken from boundaries are carried there). */
    private readonly runs: RunGeneration,
    it: Interp,
    text: string,
    statements: readonly PyNode[],
    inherited: readonly Boundary[],
    /** The last analysis' body and the one's before it (not theirs: each holds only its own lists). */
    private readonly earlier: readonly BodyRun[],
  ) {
    this.own = { text, statements, starts: statements.map((s) => s.startIndex), records: it.records, diagnostics: it.diagnosticLog, invoked: it.invoked, boundaries: [...inherited] };
    this.boundaryAt = earlier.map((body) => new Map(body.boundaries.map((b, k) => [b.index, k])));
  }

  /**
   * Starts the module body of a new analysis (`it`, its module scope, the statements of a module
   * without syntax errors, its text): restores the state of the last analysis' latest boundary that
   * holds here, at most `end` (the statements the run covers), carries the kept runs of the
   * statements before it, and returns the index of the first statement to run. The new analysis
   * keeps its boundaries in `runs` from now on.
   */
  static resume(it: Interp, scope: Scope, text: string, statements: readonly PyNode[], end: number, runs: RunGeneration): number {
    const last = runs.resumePoints;
    const at = last ? prefixBoundary(last.own, text, statements, end) : null;
    const inherited = last && at ? last.own.boundaries.filter((b) => b.index <= at.index) : [];
    runs.resumePoints = new ResumePoints(runs, it, text, statements, inherited, last ? [last.own, ...last.earlier.slice(0, 1)] : []);
    if (!last || !at) return 0;
    take(it, trackedVars(scope), last.own, null, at);
    runs.resumed += runs.carry(statements.slice(0, at.index));
    return at.index;
  }

  /**
   * Statement `index` of the analysis `it` has run, and the run covers the statements before
   * `end`: the index of the next statement to run, past what an earlier analysis did from here
   * when this one's state is that one's here.
   */
  passed(it: Interp, index: number, end: number): number {
    // A statement whose run was not kept (./incremental.ts) ends the boundaries.
    if (!this.runs.has(this.own.statements[index]!)) this.open = false;
    if (!this.open) return index + 1;
    const vars = trackedVars(it.moduleScope!);
    this.mark(it, vars, index);
    let next = index + 1;
    for (let jumped = this.jump(it, vars, next, end); jumped > next; jumped = this.jump(it, vars, next, end)) next = jumped;
    return next;
  }

  /** Keeps the state after statement `index` when the last boundary is far enough behind. */
  private mark(it: Interp, vars: TrackedVars, index: number): void {
    const next = index + 1;
    const boundaries = this.own.boundaries;
    const latest = boundaries.at(-1)?.index ?? 0;
    if (next - latest < Math.max(SPACING, vars.boundCount)) return;
    const stmt = this.own.statements[index]!;
    const src = stmt.src;
    const line = src.lineAt(stmt.endIndex) + 1;
    const offset = line < src.lineCount ? src.lineStart(line) : this.own.text.length;
    // `a = 1; b = 2`: the next statement on the same line would change the line's length, where hints anchor.
    const following = this.own.statements[next];
    if (following && following.startIndex < offset) return;
    boundaries.push({
      index: next,
      offset,
      line,
      vars: vars.bound(),
      names: it.layerNames.current(),
      records: it.records.length,
      diagnostics: it.diagnosticLog.length,
      invoked: it.invoked.size,
      steps: it.steps,
      configRead: it.configRead,
      statement: it.statement,
      lastAlarmAt: it.lastAlarmAt,
    });
  }

  /**
   * At statement `index`: when an earlier analysis had a boundary here, its state then is this one's
   * now, and the statements up to its next boundary (within `end`) are the same nodes at the same
   * places, takes its state there and what it added on the way; the index to go on from.
   */
  private jump(it: Interp, vars: TrackedVars, index: number, end: number): number {
    for (const [e, body] of this.earlier.entries()) {
      const k = this.boundaryAt[e]!.get(index);
      if (k === undefined) continue;
      const from = body.boundaries[k];
      const to = body.boundaries[k + 1];
      if (!from || !to || to.index > end || !sameState(it, vars, from) || !this.samePlaces(body, from, to)) continue;
      take(it, vars, body, from, to);
      this.own.boundaries.push(to);
      this.runs.resumed += this.runs.carry(this.own.statements.slice(from.index, to.index));
      return to.index;
    }
    return index;
  }

  /** Whether this analysis' statements from `from` to `to` are `body`'s nodes, where they sat in it, in the same text. */
  private samePlaces(body: BodyRun, from: Boundary, to: Boundary): boolean {
    const { statements, starts, text } = this.own;
    const src = statements[from.index]?.src;
    if (!src || from.offset >= src.text.length || src.lineAt(from.offset) !== from.line || src.lineStart(from.line) !== from.offset) return false;
    for (let i = from.index; i < to.index; i++) {
      const s = statements[i]!;
      if (!sameStatement(s, body.statements[i]!) || (s.named && starts[i] !== body.starts[i])) return false;
    }
    return text.slice(from.offset, to.offset) === body.text.slice(from.offset, to.offset);
  }
}

/** The latest boundary of `body` up to `end` whose statements are the same nodes in `statements` and whose text is the same in `text`. */
function prefixBoundary(body: BodyRun, text: string, statements: readonly PyNode[], end: number): Boundary | null {
  const shared = Math.min(statements.length, body.statements.length);
  let same = 0;
  while (same < shared && sameStatement(statements[same]!, body.statements[same]!)) same++;
  for (let k = body.boundaries.length - 1; k >= 0; k--) {
    const b = body.boundaries[k]!;
    // Equal slices compare as memory (~1 µs for 40 KB here; startsWith took 50 times as long).
    if (b.index <= same && b.index <= end && text.slice(0, b.offset) === body.text.slice(0, b.offset)) return b;
  }
  return null;
}

/** Whether the interpreter's state now is the one kept at `b`. */
function sameState(it: Interp, vars: TrackedVars, b: Boundary): boolean {
  if (it.steps !== b.steps || it.records.length !== b.records || it.diagnosticLog.length !== b.diagnostics || it.invoked.size !== b.invoked) return false;
  if (it.configRead !== b.configRead || it.statement !== b.statement || it.lastAlarmAt !== b.lastAlarmAt) return false;
  if (vars.boundCount !== b.vars.length || b.vars.some(([name, v]) => vars.raw(name) !== v)) return false;
  const names = it.layerNames.current();
  return names.length === b.names.length && b.names.every(([prefix, count]) => it.layerNames.get(prefix) === count);
}

/**
 * Takes `body`'s state at `to` and what it added after `from` (null: from the module's start): the
 * names bound and counters as they were there, its rows, diagnostics and called functions.
 */
function take(it: Interp, vars: TrackedVars, body: BodyRun, from: Boundary | null, to: Boundary): void {
  vars.bind(to.vars);
  const counts = new Map(to.names);
  for (const [prefix] of it.layerNames.current()) if (!counts.has(prefix)) it.layerNames.set(prefix, 0);
  for (const [prefix, count] of counts) it.layerNames.set(prefix, count);
  for (let i = from?.records ?? 0; i < to.records; i++) it.records.push(body.records[i]!);
  for (let i = from?.diagnostics ?? 0; i < to.diagnostics; i++) it.addDiagnostic(...body.diagnostics[i]!);
  let n = 0;
  for (const id of body.invoked) {
    if (n >= to.invoked) break;
    if (n++ >= (from?.invoked ?? 0)) it.invoked.add(id);
  }
  it.steps = to.steps;
  it.configRead = to.configRead;
  it.statement = to.statement;
  it.lastAlarmAt = to.lastAlarmAt;
}

/** The same top-level statement in both analyses: the same node, or a comment (whose text the boundary's text check compares). */
function sameStatement(a: PyNode, b: PyNode): boolean {
  return a === b || (!a.named && !b.named);
}
