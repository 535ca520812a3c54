/**
 * A cell whose last statement is left open (a bracket, a triple-quoted string, a `\` at its end).
 * Jupyter compiles each cell on its own (IPython's run_cell_async parses the whole cell and runs
 * none of it on a SyntaxError), so such a cell is a syntax error of its own, while in the
 * notebook's one module text it would run on into the next cell and swallow it. The open
 * statement is closed off in place: blanked, with its targets rebound to `...` (a value the
 * interpreter knows nothing about), so it is not run and nothing after it is computed from the
 * value it was about to replace, as a broken statement of a file is not (python/broken.ts). Pure.
 */
import { endOfString } from './ipython.js';

export interface OpenAtEnd {
  /** Where the logical line holding the open construct starts. */
  readonly lineStart: number;
  /** Where the construct opens: the innermost open bracket, the string's quotes, the last `\`. */
  readonly at: number;
  readonly opener: string;
  /** CPython's words for it. */
  readonly message: string;
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set(Object.values(OPENERS));

/** What is left open at the end of a cell's Python text, or null when its last statement ends. */
export function openAtEnd(text: string): OpenAtEnd | null {
  const open: number[] = [];
  let lineStart = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      if (open.length === 0) lineStart = i + 1;
      i++;
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === '\\') {
      // A continuation (`\` before `\n` or `\r\n`) is no line end; one at the cell's end would continue into the next cell.
      const next = text[i + 1] === '\r' && text[i + 2] === '\n' ? i + 3 : i + 2;
      if (next >= text.length) return { lineStart, at: i, opener: '\\', message: 'unexpected EOF while parsing' };
      i = next;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const end = endOfString(text, i);
      if (triple && !(end >= i + 6 && text.startsWith(c.repeat(3), end - 3))) {
        return { lineStart, at: i, opener: c.repeat(3), message: 'unterminated triple-quoted string literal' };
      }
      i = end;
    } else {
      if (c in OPENERS) open.push(i);
      else if (CLOSERS.has(c)) open.pop();
      i++;
    }
  }
  const at = open[open.length - 1];
  return at === undefined ? null : { lineStart, at, opener: text[at]!, message: `'${text[at]}' was never closed` };
}

/** A statement's targets as the start of its first line writes them: `x`, `a, b`, `self.w`; a def's or class's name. */
function targets(line: string): string | null {
  const def = /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/.exec(line);
  if (def) return def[1]!;
  const assign = /^([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*=(?!=)/.exec(line);
  return assign ? assign[1]! : null;
}

/**
 * The text with the open statement closed off: every character from its start to the text's end
 * blanked (line breaks kept, so positions hold), and on its first line, where it fits,
 * `targets = ...` (or `targets=...`), else `...`.
 */
export function closeOff(text: string, open: OpenAtEnd): string {
  const chars = text.split('');
  for (let i = open.lineStart; i < chars.length; i++) if (chars[i] !== '\n') chars[i] = ' ';
  const indent = /^[ \t]*/.exec(text.slice(open.lineStart))![0].length;
  const start = open.lineStart + indent;
  const lineEnd = text.indexOf('\n', start);
  const first = text.slice(start, lineEnd === -1 ? text.length : lineEnd);
  const names = targets(first);
  const candidates = names === null ? ['...'] : [`${names} = ...`, `${names.replace(/\s+/g, '')}=...`, '...'];
  const fits = candidates.find((c) => c.length <= first.length);
  if (fits) chars.splice(start, fits.length, ...fits);
  return chars.join('');
}
