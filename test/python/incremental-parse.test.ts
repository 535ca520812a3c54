/**
 * The editor's partial re-parse (server/src/python/edit-parse.ts, issue 12): after an edit only
 * the top-level statements it touched are parsed again. Wherever it applies, the module must be
 * the one a fresh parse of the whole text copies, node for node (type, field, offsets, error), and
 * the analysis made from it the fresh analysis; where it cannot be sure (a syntax error that an
 * unterminated string or an open bracket lets reach past the region, a `\` at its end) it
 * declines and the whole text is parsed. Expected values are the
 * fresh parses and analyses of the same texts (no hand-written numbers here).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { resnetBlocksPython } from '../../bench/inputs.js';
import { analyzeEditedPython, analyzePython } from '../../server/src/python/analyze.js';
import { reparseModule } from '../../server/src/python/edit-parse.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';
import { SyntaxCache, type PyNode } from '../../server/src/python/syntax.js';
import { buildTree } from '../../server/src/python/syntax-copy.js';
import { suitePythonFiles } from './helpers.js';
import { randomEdits } from './random-edits.js';

let parser: Parser;
beforeAll(async () => {
  parser = newParser((await loadLanguages(sourceGrammarFiles(process.cwd()))).python);
});

/** Every node of a copy, in order, with what the interpreter reads of it. */
function nodes(root: PyNode): string[] {
  const out: string[] = [];
  const walk = (n: PyNode, depth: number, parent: PyNode | null): void => {
    out.push(`${depth} ${n.type} ${n.field ?? '-'} ${n.named} ${n.hasError} ${n.startIndex}-${n.endIndex} ${n.parent === parent}`);
    for (const c of n.children) walk(c, depth + 1, n);
  };
  walk(root, 0, null);
  return out;
}

/** The fresh copy of `text`: a whole parse, no cache. */
function fresh(text: string): PyNode {
  const tree = parser.parse(text)!;
  try {
    return buildTree(tree, text);
  } finally {
    tree.delete();
  }
}

/** The editor's copy after an edit: the partial re-parse, else the whole parse copied with the cache. Returns which it was. */
function edited(text: string, cache: SyntaxCache): { root: PyNode; partial: boolean } {
  const partial = reparseModule(parser, text, cache);
  if (partial) return { root: partial, partial: true };
  const tree = parser.parse(text)!;
  try {
    return { root: buildTree(tree, text, { cache }), partial: false };
  } finally {
    tree.delete();
  }
}

/** Blocks, decorators, comments inside blocks at column 0, `;`, `\` continuations, strings over lines, `else` at column 0. */
const TRICKY = `import tensorflow as tf
from tensorflow.keras import layers


@tf.function
def conv(x, filters):
    x = layers.Conv2D(filters, 3)(x)
# a comment at column 0 inside the body
    return x


inputs = tf.keras.Input(shape=(32, 32, 3)); y = inputs
x = conv(inputs, \\
    16)
if x is None:
    x = inputs
else:
    x = conv(x, 8)
doc = """a string
over lines"""
for i in range(2):
    x = conv(x, 4)
else:
    pass
z = layers.Flatten()(x)
`;

/** Edits at `at`: the kinds that move statements between blocks or join and split them. */
const EDITS: ((text: string, at: number) => string)[] = [
  (t, at) => `${t.slice(0, at)}    ${t.slice(at)}`,
  (t, at) => `${t.slice(0, at)}# c\n${t.slice(at)}`,
  (t, at) => (at > 0 && t[at - 1] === '\n' ? t.slice(0, at - 1) + t.slice(at) : t),
  (t, at) => `${t.slice(0, at)}\n${t.slice(at)}`,
  (t, at) => `${t.slice(0, at)}else:\n    pass\n${t.slice(at)}`,
  (t, at) => `${t.slice(0, at)}@tf.function\n${t.slice(at)}`,
  (t, at) => `${t.slice(0, at)}"""${t.slice(at)}`,
  (t, at) => `${t.slice(0, at)}x = 1 \\\n${t.slice(at)}`,
  (t, at) => `${t.slice(0, at)}(${t.slice(at)}`,
  (t, at) => t.slice(0, at) + t.slice(at).replace(/\b(\d+)\b/, (m) => `${Number(m) + 1}`),
];

describe('partial re-parse after an edit', () => {
  it('copies the module a whole parse copies after every edit kind at every line start and line end of a file with blocks, decorators and continuations', () => {
    const places = [0, ...[...TRICKY.matchAll(/\n/g)].flatMap((m) => [m.index, m.index + 1])].filter((i) => i <= TRICKY.length);
    let partial = 0;
    let cases = 0;
    for (const edit of EDITS) {
      for (const at of places) {
        const cache = new SyntaxCache();
        edited(TRICKY, cache);
        const text = edit(TRICKY, at);
        const result = edited(text, cache);
        expect(nodes(result.root), `${JSON.stringify(text.slice(Math.max(0, at - 20), at + 20))}`).toEqual(nodes(fresh(text)));
        // And back.
        expect(nodes(edited(TRICKY, cache).root)).toEqual(nodes(fresh(TRICKY)));
        cases++;
        if (result.partial) partial++;
      }
    }
    // Most of these edits leave the text without a syntax error: those are parsed in part.
    expect(partial).toBeGreaterThan(cases / 3);
  });

  it.each([...suitePythonFiles(), ['a 300-line functional ResNet', resnetBlocksPython(300)] as [string, string]])('on %s, over random edits, copies the module a whole parse copies', (_name, original) => {
    const cache = new SyntaxCache();
    edited(original, cache);
    for (const text of randomEdits(original, 11, 30)) expect(nodes(edited(text, cache).root)).toEqual(nodes(fresh(text)));
  });

  it('parses in part an edit inside one statement of a long file, and declines one that leaves a bracket open', () => {
    const text = resnetBlocksPython(300);
    const cache = new SyntaxCache();
    edited(text, cache);
    const at = text.indexOf('Conv2D(64', text.length / 2) + 'Conv2D(6'.length;
    expect(edited(`${text.slice(0, at)}5${text.slice(at + 1)}`, cache).partial).toBe(true);
    expect(edited(`${text.slice(0, at)}(${text.slice(at)}`, cache).partial).toBe(false);
  });

  it('parses in part an edit that makes a syntax error in one statement and the edit that mends it, and declines an unterminated string', () => {
    const text = resnetBlocksPython(300);
    const cache = new SyntaxCache();
    edited(text, cache);
    // The bench's first-line edit: `From tensorflow import keras`.
    const broken = `F${text.slice(1)}`;
    for (const t of [broken, text]) {
      const result = edited(t, cache);
      expect(result.partial).toBe(true);
      expect(nodes(result.root)).toEqual(nodes(fresh(t)));
    }
    expect(fresh(broken).hasError).toBe(true);
    const at = text.indexOf('Conv2D(64', text.length / 2);
    expect(edited(`${text.slice(0, at)}'${text.slice(at)}`, cache).partial).toBe(false);
  });

  it.each([...suitePythonFiles().filter(([, t]) => t.length > 0), ['a 300-line functional ResNet', resnetBlocksPython(300)] as [string, string]])('on %s, after edits that make a syntax error and their undo, copies the module a whole parse copies', (_name, original) => {
    const cache = new SyntaxCache();
    edited(original, cache);
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const inserted = ['(', ')', ':', ',', '=', '"', "'", '\\', '.', ' ', '\n', '    ', 'def ', 'else:', '"""'];
    for (let step = 0; step < 40; step++) {
      const at = random(original.length);
      const kind = random(3);
      const text =
        kind === 0
          ? original.slice(0, at) + inserted[random(inserted.length)]! + original.slice(at)
          : kind === 1
            ? original.slice(0, at) + original.slice(at + 1 + random(3))
            : original.slice(0, at) + original[at]!.toUpperCase() + original.slice(at + 1);
      for (const t of [text, original]) expect(nodes(edited(t, cache).root), JSON.stringify(original.slice(Math.max(0, at - 20), at + 20))).toEqual(nodes(fresh(t)));
    }
  });

  it.each([...suitePythonFiles(), ['tricky blocks', TRICKY] as [string, string]])('on %s, the analysis after random edits parsed in part is the fresh analysis', (_name, original) => {
    const cache = new SyntaxCache();
    for (const text of [original, ...randomEdits(original, 5, 20)]) {
      const tree = parser.parse(text)!;
      try {
        const plain = analyzePython(tree, { text });
        const partial = analyzeEditedPython(parser, text, { cache });
        expect(partial ?? analyzePython(tree, { cache, text })).toEqual(plain);
      } finally {
        tree.delete();
      }
    }
  });
});
