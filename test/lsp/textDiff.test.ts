/**
 * The tree-sitter edit computed from two texts: checked against web-tree-sitter itself — an
 * incremental re-parse with the computed edit must equal a fresh parse, node for node, offset for
 * offset, over random edits including non-ASCII text and surrogate pairs.
 */
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Edit, type Parser, type Tree } from 'web-tree-sitter';
import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';
import { computeEdit, pointAt } from '../../server/src/lsp/textDiff.js';
import { CORPUS, ROOT, rng } from './support/harness.js';

describe('computeEdit', () => {
  it('is null for equal texts', () => {
    expect(computeEdit('abc', 'abc')).toBeNull();
  });

  it('finds a one-character insertion, deletion and replacement', () => {
    expect(computeEdit('ab\ncd', 'ab\ncxd')).toEqual({
      startIndex: 4,
      oldEndIndex: 4,
      newEndIndex: 5,
      startPosition: { row: 1, column: 1 },
      oldEndPosition: { row: 1, column: 1 },
      newEndPosition: { row: 1, column: 2 },
    });
    expect(computeEdit('ab\ncd', 'ab\nd')).toMatchObject({ startIndex: 3, oldEndIndex: 4, newEndIndex: 3 });
    expect(computeEdit('num: 96', 'num: 97')).toMatchObject({ startIndex: 6, oldEndIndex: 7, newEndIndex: 7 });
  });

  it('counts rows and columns across inserted lines', () => {
    const e = computeEdit('a\nb', 'a\nx\ny\nzb')!;
    expect(e.startPosition).toEqual({ row: 1, column: 0 });
    expect(e.oldEndPosition).toEqual({ row: 1, column: 0 });
    expect(e.newEndPosition).toEqual({ row: 3, column: 1 });
  });

  it('never splits a surrogate pair', () => {
    // 🙂 = \ud83d\ude42 and 🙃 = \ud83d\ude43 share their high surrogate.
    const e = computeEdit('a🙂b', 'a🙃b')!;
    expect(e).toMatchObject({ startIndex: 1, oldEndIndex: 3, newEndIndex: 3 });
    const f = computeEdit('a\ud83d\ude42', 'a\ud83c\ude42')!;
    expect(f).toMatchObject({ startIndex: 1, oldEndIndex: 3, newEndIndex: 3 });
  });

  it('finds the same span as a character-by-character scan in long texts, edits at and near block edges', () => {
    const random = rng(11);
    const base = Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? '\n' : i % 89 === 0 ? '🙂' : String.fromCharCode(97 + (i % 26)))).join('');
    const naive = (a: string, b: string) => {
      let p = 0;
      while (p < Math.min(a.length, b.length) && a[p] === b[p]) p++;
      if (p > 0 && /[\ud800-\udbff]/.test(a[p - 1]!)) p--;
      let s = 0;
      while (s < Math.min(a.length, b.length) - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
      if (s > 0 && /[\udc00-\udfff]/.test(a[a.length - s]!)) s--;
      return { startIndex: p, oldEndIndex: a.length - s, newEndIndex: b.length - s };
    };
    for (let i = 0; i < 300; i++) {
      const edge = 1024 * Math.floor(random() * 5);
      const at = Math.min(base.length, i % 2 === 0 ? edge + Math.floor(random() * 5) - 2 : Math.floor(random() * base.length));
      const next = base.slice(0, Math.max(0, at)) + ['x', '', '🙃', 'ab\ncd'][i % 4] + base.slice(Math.max(0, at) + Math.floor(random() * 3));
      if (next === base) continue;
      expect(computeEdit(base, next)).toMatchObject(naive(base, next));
    }
  });

  it('gives points in UTF-16 columns', () => {
    expect(pointAt('é🙂 x', 4)).toEqual({ row: 0, column: 4 });
    expect(pointAt('a\nbc\nd', 5)).toEqual({ row: 2, column: 0 });
  });
});

describe('incremental re-parse with computed edits', () => {
  let parser: Parser;
  beforeAll(async () => {
    const langs = await loadLanguages(sourceGrammarFiles(ROOT));
    parser = newParser(langs.prototxt);
  });

  function spans(t: Tree): string {
    const out: string[] = [];
    const c = t.walk();
    const visit = (): void => {
      out.push(`${c.nodeType}@${c.startIndex}-${c.endIndex}:${c.startPosition.row}.${c.startPosition.column}`);
      if (c.gotoFirstChild()) {
        do visit();
        while (c.gotoNextSibling());
        c.gotoParent();
      }
    };
    visit();
    c.delete();
    return out.join(' ');
  }

  it('matches a fresh parse after random edits, whenever the text is valid again', () => {
    // Error recovery may differ between an incremental and a fresh parse of broken text (tree-sitter
    // does not promise equal ERROR nodes); once the text is valid again the trees must be equal.
    const random = rng(7);
    const pieces = ['{', '}', ' ', '\n', '"', 'é', '🙂', '# c', 'x: 1', 'layer {', ':', '12', '\r\n'];
    let valid = readFileSync(path.join(CORPUS, 'cifar10_quick.prototxt'), 'utf8');
    let text = valid;
    let tree = parser.parse(text)!;
    let compared = 0;
    const step = (next: string): void => {
      const e = computeEdit(text, next);
      if (e) tree.edit(new Edit(e));
      const incremental = parser.parse(next, tree)!;
      tree.delete();
      tree = incremental;
      text = next;
      const fresh = parser.parse(next)!;
      if (!fresh.rootNode.hasError) {
        compared++;
        const [a, b] = [spans(incremental), spans(fresh)];
        if (a !== b) expect.fail(`incremental parse differs from a fresh one after editing to:\n${next.slice(0, 200)}`);
      }
      fresh.delete();
    };
    for (let i = 0; i < 300; i++) {
      const at = Math.floor(random() * (valid.length + 1));
      const del = random() < 0.5 ? Math.floor(random() * 6) : 0;
      const ins = random() < 0.7 ? pieces[Math.floor(random() * pieces.length)]! : '';
      step(valid.slice(0, at) + ins + valid.slice(at + del));
      if (random() < 0.2 && !tree.rootNode.hasError) valid = text;
      else step(valid);
    }
    tree.delete();
    expect(compared).toBeGreaterThan(300);
  });
});
