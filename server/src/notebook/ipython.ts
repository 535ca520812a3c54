/**
 * IPython's own syntax in a code cell, blanked so the cell parses as Python with every offset kept.
 * The rules are IPython's input transformers (ipython/ipython, IPython/core/inputtransformer2.py):
 * `cell_magic` (a first line `%%name` hands the whole cell to the magic), `EscapedCommand` (a
 * logical line whose first token is `! ? % , ; /`), `MagicAssign`/`SystemAssign` (`x = %magic`,
 * `x = !cmd` after the line's first `=` outside brackets), `HelpEnd` (a logical line whose last
 * token is `?`); escaped lines run on over lines ending in `\` (`find_end_of_continued_line`).
 * Pure.
 */

/** What a code cell is to the analysis: Python text (same length as the cell), or skipped. */
export type CellProgram = { readonly kind: 'python'; readonly text: string } | { readonly kind: 'skipped'; readonly magic: string };

/**
 * Cell magics whose body is Python run in the notebook's namespace (their IPython implementations
 * in IPython/core/magics/execution.py and ../utils/capture.py run the cell with `run_cell` / `exec`
 * in `user_ns`). Any other cell magic (`%%bash`, `%%writefile`, `%%html`, `%%timeit`, whose names
 * stay local to a function, …) makes the cell something else: it is skipped.
 */
const PYTHON_CELL_MAGICS: ReadonlySet<string> = new Set(['time', 'capture']);

const ESCAPES = new Set(['!', '?', '%', ',', ';', '/']);

/** Replaces every character but line breaks in `[from, to)` with a space. */
function blank(chars: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) if (chars[i] !== '\n') chars[i] = ' ';
}

/** The end (index of its `\n`, or the text's length) of the physical line holding `at`, run on over lines ending in `\`. */
function endOfContinuedLine(text: string, at: number): number {
  let end = text.indexOf('\n', at);
  while (end !== -1 && text[end - 1] === '\\') end = text.indexOf('\n', end + 1);
  return end === -1 ? text.length : end;
}

export function cellProgram(source: string): CellProgram {
  const first = /^(?:[ \t]*\r?\n)*[ \t]*%%(\w*)/.exec(source);
  if (first) {
    const magic = first[1]!;
    if (!PYTHON_CELL_MAGICS.has(magic) || source[first[0].length] === '?') return { kind: 'skipped', magic: `%%${magic}` };
    const bodyStart = endOfLine(source, first[0].length);
    const chars = [...source.slice(0, bodyStart)].map((c) => (c === '\n' ? c : ' '));
    return { kind: 'python', text: chars.join('') + blankLines(source.slice(bodyStart)) };
  }
  return { kind: 'python', text: automagic(blankLines(source)) };
}

/**
 * IPython's default line magics, the names `%lsmagic` lists in an IPython 8 kernel
 * (IPython/core/magics/*.py, the posix aliases of IPython/core/alias.py `default_aliases`, and
 * ipykernel's own).
 */
const LINE_MAGICS: ReadonlySet<string> = new Set(
  ('alias alias_magic autoawait autocall automagic autosave bookmark cat cd clear colors conda config connect_info cp ' +
    'debug dhist dirs doctest_mode ed edit env gui hist history killbgscripts ldir less lf lk ll load load_ext loadpy ' +
    'logoff logon logstart logstate logstop ls lsmagic lx macro magic man mamba matplotlib micromamba mkdir more mv ' +
    'notebook page pastebin pdb pdef pdoc pfile pinfo pinfo2 pip popd pprint precision prun psearch psource pushd pwd ' +
    'pycat pylab qtconsole quickref recall rehashx reload_ext rep rerun reset reset_selective rm rmdir run save sc ' +
    'set_env store sx system tb time timeit unalias unload_ext uv who who_ls whos xdel xmode').split(' '),
);

/**
 * Automagic: `run_cell` prefilters a cell only when it is one line (interactiveshell.py
 * `transform_cell`), and there `AutoMagicChecker` runs a first word naming a line magic as that
 * magic unless `AssignmentChecker` saw `=` or `,` after it (prefilter.py), or a name the
 * notebook bound shadows it. A call `run(model)` is left to Python: `run` may be the user's own
 * function, and when it is not, the analysis knows nothing of the name, which only says less.
 */
function automagic(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== 1) return text;
  const word = /^[ \t]*([A-Za-z_]\w*)(?![\w.])[ \t]*([=,(]?)/.exec(lines[0]!);
  if (!word || !LINE_MAGICS.has(word[1]!) || word[2] !== '') return text;
  return text.replace(/[^\n]/g, ' ');
}

/**
 * IPython's `leading_indent` cleanup (run before the transformers above): when the cell's first
 * line that is not blank starts with spaces or tabs, that prefix is removed from every line that
 * starts with it, so an indented block pasted into a cell runs. Null when the cell is not indented;
 * else the text and, per line, how many characters were removed.
 */
export function leadingIndent(text: string): { readonly text: string; readonly removed: readonly number[] } | null {
  const lines = text.split('\n');
  const prefix = /^[ \t]+/.exec(lines.find((l) => l.trim() !== '') ?? '')?.[0];
  if (!prefix) return null;
  const removed = lines.map((l) => (l.startsWith(prefix) ? prefix.length : 0));
  return { text: lines.map((l, i) => l.slice(removed[i])).join('\n'), removed };
}

const endOfLine = (text: string, at: number): number => {
  const end = text.indexOf('\n', at);
  return end === -1 ? text.length : end;
};

/**
 * One pass over Python text tracking strings, comments, brackets and continuations, so that only
 * the start and end of a logical line are looked at (a `%` inside parentheses is the modulo operator).
 */
function blankLines(text: string): string {
  const chars = text.split('');
  let i = 0;
  while (i < text.length) i = logicalLine(text, chars, i);
  return chars.join('');
}

/** Handles the logical line starting at `start`; returns where the next one starts. */
function logicalLine(text: string, chars: string[], start: number): number {
  let i = start;
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\f') i++;
  const head = i;
  if (ESCAPES.has(text[head] ?? '')) {
    const end = endOfContinuedLine(text, head);
    blank(chars, head, end);
    return end + 1;
  }
  let depth = 0;
  let sawAssign = false;
  let last = -1; // the last character of a token on this logical line
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      if (depth === 0 && text[i - 1] !== '\\') break;
      i++;
    } else if (c === '#') i = endOfLine(text, i);
    else if (c === '"' || c === "'") {
      i = endOfString(text, i);
      last = i - 1;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\\') i++;
    else {
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
      else if (c === '=' && depth === 0 && !sawAssign && !'=<>!+-*/%&|^@:~'.includes(text[i - 1] ?? '') && text[i + 1] !== '=') {
        sawAssign = true;
        const magic = assignedMagic(text, i + 1);
        if (magic !== null) {
          const end = endOfContinuedLine(text, magic);
          blank(chars, magic, end);
          // `...` is a value the interpreter knows nothing about: the name is rebound, not left stale.
          if (end - magic >= 3) chars.splice(magic, 3, '.', '.', '.');
          else blank(chars, head, magic);
          return end + 1;
        }
      }
      last = i;
      i++;
    }
  }
  if (last >= head && text[last] === '?') blank(chars, head, last + 1);
  return i + 1;
}

/** Where `%magic` or `!cmd` starts after an assignment's `=` at `from`, or null. */
function assignedMagic(text: string, from: number): number | null {
  let i = from;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === '%' && /[A-Za-z_]/.test(text[i + 1] ?? '')) return i;
  if (text[i] === '!' && text[i + 1] !== '=') return i;
  return null;
}

/** The index after the string literal whose opening quote is at `at` (an unclosed one ends its line). */
export function endOfString(text: string, at: number): number {
  const q = text[at]!;
  const triple = text.startsWith(q.repeat(3), at);
  let i = at + (triple ? 3 : 1);
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') i += 2;
    else if (triple ? text.startsWith(q.repeat(3), i) : c === q) return i + (triple ? 3 : 1);
    else if (!triple && c === '\n') return i;
    else i++;
  }
  return text.length;
}
