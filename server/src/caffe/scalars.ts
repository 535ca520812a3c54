/**
 * The values of protobuf text scalar tokens, as protobuf's text parser reads them: hex, octal,
 * float and `f`-suffixed numbers; adjacent string literals concatenated, with C-style escapes.
 * Source: protobuf.dev/reference/protobuf/textformat-spec/ (Numeric literals, String literals).
 */

/** The common number, `64` or `-1`: no hex, octal, fraction, exponent or `f` to handle. */
const DECIMAL_INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/** The value of a `number` token. */
export function parseNumber(text: string): number {
  if (DECIMAL_INTEGER.test(text)) return Number(text);
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[0-7]+$/.test(body)) n = parseInt(body, 8);
  else n = Number(body.replace(/[fF]$/, ''));
  return negative ? -n : n;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };

/**
 * The value of a `string` node: its literals concatenated (`"a" 'b'` → `ab`) with escapes
 * resolved; blanks and `#` comments between literals are skipped.
 */
export function decodeStrings(text: string): string {
  // One literal without escapes (nearly every string): its inside, without building it char by char.
  const q = text.charAt(0);
  if (text.indexOf(q, 1) === text.length - 1 && !text.includes('\\')) return text.slice(1, -1);
  let out = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (!quote) {
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '#') while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (ch === quote) {
      quote = '';
    } else if (ch === '\\' && i + 1 < text.length) {
      const next = text[++i]!;
      const octal = /^[0-7]{1,3}/.exec(text.slice(i, i + 3));
      const hex = next === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1, i + 3)) : null;
      if (octal) {
        out += String.fromCharCode(parseInt(octal[0], 8));
        i += octal[0].length - 1;
      } else if (hex) {
        out += String.fromCharCode(parseInt(hex[0], 16));
        i += hex[0].length;
      } else {
        out += ESCAPES[next] ?? next;
      }
    } else {
      out += ch;
    }
  }
  return out;
}
