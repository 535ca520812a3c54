/**
 * Resuming the module body after an edit (issue 12, "incremental interpretation"): the
 * interpreter's state at boundaries between top-level statements, kept from the last analysis of a
 * document, so that the next one starts at the last boundary before its edit instead of replaying
 * every statement before it (./incremental.ts checks each replayed statement's place and inputs).
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
import { trackedVars } from './tracked-vars.js';
import type { Value } from './values.js';

/** The interpreter's state once the top-level statements before `index` have run. */
interface Boundary {
  readonly index: number;
  /** The text before it that must be the same: up to the end of the line its last statement ends on. */
  readonly offset: number;
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

/**
 * The fewest statements between two boundaries, and more where the module binds more names than
 * that (a boundary copies them all): the copies then cost a constant per statement.
 */
const SPACING = 64;

/** One analysis' boundaries (with those it resumed from, which hold for it too). */
export class ResumePoints {
  private readonly boundaries: Boundary[];
  /** Whether every statement run so far kept its run: boundaries are made only while it holds. */
  private open = true;

  /** The analysis' rows, diagnostics and called functions (only the interpreter's lists, not all it holds, outlive it). */
  private readonly records: readonly Recorded[];
  private readonly diagnostics: readonly DiagnosticEntry[];
  private readonly invoked: ReadonlySet<number>;

  private constructor(
    it: Interp,
    private readonly text: string,
    private readonly statements: readonly PyNode[],
    inherited: readonly Boundary[],
  ) {
    this.boundaries = [...inherited];
    this.records = it.records;
    this.diagnostics = it.diagnosticLog;
    this.invoked = it.invoked;
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
    const at = last?.boundaryFor(text, statements, end) ?? null;
    const inherited = last && at ? last.boundaries.filter((b) => b.index <= at.index) : [];
    runs.resumePoints = new ResumePoints(it, text, statements, inherited);
    if (!last || !at) return 0;
    const vars = trackedVars(scope);
    vars.bind(at.vars);
    for (const [prefix, count] of at.names) it.layerNames.set(prefix, count);
    for (let i = 0; i < at.records; i++) it.records.push(last.records[i]!);
    for (let i = 0; i < at.diagnostics; i++) it.addDiagnostic(...last.diagnostics[i]!);
    let invoked = 0;
    for (const id of last.invoked) {
      if (invoked++ === at.invoked) break;
      it.invoked.add(id);
    }
    it.steps = at.steps;
    it.configRead = at.configRead;
    it.statement = at.statement;
    it.lastAlarmAt = at.lastAlarmAt;
    runs.resumed = runs.carry(statements.slice(0, at.index));
    return at.index;
  }

  /** The latest boundary up to `end` whose statements are the same nodes in `statements` and whose text is the same in `text`. */
  private boundaryFor(text: string, statements: readonly PyNode[], end: number): Boundary | null {
    const shared = Math.min(statements.length, this.statements.length);
    let same = 0;
    while (same < shared && sameStatement(statements[same]!, this.statements[same]!)) same++;
    for (let k = this.boundaries.length - 1; k >= 0; k--) {
      const b = this.boundaries[k]!;
      // Equal slices compare as memory (~1 µs for 40 KB here; startsWith took 50 times as long).
      if (b.index <= same && b.index <= end && text.slice(0, b.offset) === this.text.slice(0, b.offset)) return b;
    }
    return null;
  }

  /** Statement `index` of the analysis `it` has run; `kept`: its run was kept (./incremental.ts). */
  passed(it: Interp, index: number, kept: boolean): void {
    if (!kept) this.open = false;
    if (!this.open) return;
    const next = index + 1;
    const latest = this.boundaries.at(-1)?.index ?? 0;
    const vars = trackedVars(it.moduleScope!);
    if (next - latest < Math.max(SPACING, vars.boundCount)) return;
    const stmt = this.statements[index]!;
    const src = stmt.src;
    const endLine = src.lineAt(stmt.endIndex);
    const offset = endLine + 1 < src.lineCount ? src.lineStart(endLine + 1) : this.text.length;
    // `a = 1; b = 2`: the next statement on the same line would change the line's length, where hints anchor.
    const following = this.statements[next];
    if (following && following.startIndex < offset) return;
    this.boundaries.push({
      index: next,
      offset,
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
}

/** The same top-level statement in both analyses: the same node, or a comment (whose text the boundary's text check compares). */
function sameStatement(a: PyNode, b: PyNode): boolean {
  return a === b || (!a.named && !b.named);
}
