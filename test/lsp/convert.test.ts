/** AnalysisResult → LSP mappings: hint ranges, diagnostics, code actions. */
import { shapeFormat } from '../../server/src/analysis/format.js';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult, LayerResult } from '../../server/src/analysis/types.js';
import { codeActions, HintIndex, inlayHints, toLspDiagnostic } from '../../server/src/lsp/convert.js';
import { rng } from './support/harness.js';
import { analyzer } from '../python/helpers.js';
import { resnetBlocksPython } from '../../bench/inputs.js';
import { ResultViews } from '../../server/src/lsp/views.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';
import { analyzePythonText } from '../../server/src/python/analyze.js';
import { SyntaxCache } from '../../server/src/python/syntax.js';

function layer(line: number, character: number, c: number): LayerResult {
  return {
    name: `l${line}`,
    type: 'Convolution',
    range: { start: { line, character: 0 }, end: { line: line + 2, character: 1 } },
    anchor: { line, character },
    inputs: [],
    outputs: [{ name: 'x', shape: [1, c, 8, 8] }],
    params: c,
    macs: c,
    windowing: null,
    actions: [],
  };
}

describe('HintIndex', () => {
  it('returns exactly the hints whose position is in the range, in order, whatever the request order', () => {
    const random = rng(3);
    const layers = Array.from({ length: 300 }, (_, i) => layer(Math.floor(random() * 500), Math.floor(random() * 30), i));
    const result: AnalysisResult = { language: 'prototxt', layers, diagnostics: [] };
    const index = new HintIndex(result, { format: shapeFormat('python'), showParams: false });
    const all = inlayHints(result, { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } }, { format: shapeFormat('python'), showParams: false });
    for (let k = 0; k < 200; k++) {
      const a = { line: Math.floor(random() * 520), character: Math.floor(random() * 30) };
      const b = { line: a.line + Math.floor(random() * 60), character: Math.floor(random() * 30) };
      const within = (p: { line: number; character: number }) =>
        (p.line > a.line || (p.line === a.line && p.character >= a.character)) && (p.line < b.line || (p.line === b.line && p.character <= b.character));
      expect(index.inRange({ start: a, end: b })).toEqual(all.filter((h) => within(h.position)));
    }
  });
});

describe('hints taken from the last analysis', () => {
  it("after edits, the hints of the views made from the last ones are a fresh index's: rows the edit left alone, a changed shape, a new error, an edit undone and redone, the lazy data", async () => {
    const text = resnetBlocksPython(120);
    const parser = newParser((await loadLanguages(sourceGrammarFiles(process.cwd()))).python);
    const cache = new SyntaxCache();
    const everywhere = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };
    const format = shapeFormat('python');
    const at = text.indexOf('Conv2D(64', text.length / 2) + 'Conv2D(6'.length;
    // 256 → 257 channels before an Add: every shape after it changes; undone and redone, the hints of two analyses back.
    const wide = text.indexOf('Conv2D(256', text.length / 2) + 'Conv2D(25'.length;
    const cascade = `${text.slice(0, wide)}7${text.slice(wide + 1)}`;
    const texts = [text, text.replace('# blocks', '# Blocks'), `${text.slice(0, at)}5${text.slice(at + 1)}`, text.replace("name='b0_1'", "name='b0_1', kernel_size=999"), text, cascade, text, cascade];
    for (const lazy of [true, false]) {
      let views: ResultViews | null = null;
      let index: HintIndex | null = null;
      let last: unknown[] = [];
      let beforeLast: unknown[] = [];
      let taken = 0;
      let takenFromBefore = 0;
      texts.forEach((t, revision) => {
        const result = analyzePythonText(parser, t, { cache });
        const options = { format, showParams: false, ...(lazy ? { lazy: revision } : {}) };
        // The views' JSON text is the object path's, stringified.
        views = new ResultViews(result, undefined, views);
        const text = new TextDecoder().decode(views.answer({ kind: 'hints', range: everywhere }, options));
        const plain = inlayHints(result, everywhere, options, options.lazy);
        expect(text).toBe(JSON.stringify(plain));
        index = new HintIndex(result, options, options.lazy, index);
        const hints = index.inRange(everywhere);
        expect(hints).toEqual(plain);
        if (!lazy) taken += hints.filter((h) => last.includes(h)).length;
        if (!lazy && revision >= 6) takenFromBefore += hints.filter((h) => !last.includes(h) && beforeLast.includes(h)).length;
        beforeLast = last;
        last = hints;
      });
      // Without lazy data a hint taken is the last one's object (most rows were left alone), or the
      // one before's after the cascade is undone and redone.
      if (!lazy) expect(taken).toBeGreaterThan(200);
      if (!lazy) expect(takenFromBefore).toBeGreaterThan(60);
    }
    parser.delete();
  });
});

describe('HintIndex across many analyses', () => {
  it('keeps at most the two indexes before it, whatever it takes from them (an edit undone and redone many times)', async () => {
    const text = resnetBlocksPython(120);
    const wide = text.indexOf('Conv2D(256', text.length / 2) + 'Conv2D(25'.length;
    const cascade = `${text.slice(0, wide)}7${text.slice(wide + 1)}`;
    const parser = newParser((await loadLanguages(sourceGrammarFiles(process.cwd()))).python);
    const cache = new SyntaxCache();
    const everywhere = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };
    const options = { format: shapeFormat('python'), showParams: false };
    let index: HintIndex | null = null;
    for (let i = 0; i < 10; i++) {
      index = new HintIndex(analyzePythonText(parser, i % 2 === 0 ? text : cascade, { cache }), options, undefined, index);
      index.jsonInRange(everywhere);
    }
    expect(reachable(index, HintIndex)).toBe(3);
    parser.delete();
  });
});

/** How many instances of `type` are reachable from `root` through properties, arrays, maps and sets (itself included). */
function reachable(root: unknown, type: abstract new (...args: never[]) => unknown): number {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  let n = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v) || ArrayBuffer.isView(v)) continue;
    seen.add(v);
    if (v instanceof type) n++;
    if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set) for (const x of v) stack.push(x);
    else stack.push(...Object.values(v));
  }
  return n;
}

describe('hints of layers with errors', () => {
  it('marks the innermost layer holding an error, not the call around it, and puts the error first in its tooltip', () => {
    // An outer call (lines 0-6) applying an inner one (lines 2-4) that has the error; a warning marks nothing.
    const outer = { ...layer(0, 5, 8), range: { start: { line: 0, character: 0 }, end: { line: 6, character: 1 } } };
    const inner = { ...layer(2, 9, 16), range: { start: { line: 2, character: 4 }, end: { line: 4, character: 5 } } };
    const diagnostic = (line: number, severity: 'error' | 'warning', message: string) => ({
      range: { start: { line, character: 6 }, end: { line, character: 8 } },
      severity,
      code: 'c',
      message,
      related: [],
      fixes: [],
    });
    const result: AnalysisResult = { language: 'python', layers: [outer, inner], diagnostics: [diagnostic(3, 'error', 'output_shape is invalid'), diagnostic(1, 'warning', 'odd')] };
    const hints = inlayHints(result, { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } }, { format: shapeFormat('python'), showParams: false });
    expect(hints.map((h) => h.label)).toEqual(['→ (1, 8, 8, 8)', '→ (1, 16, 8, 8) ✗']);
    const tooltip = hints[1]!.tooltip;
    expect(typeof tooltip === 'object' ? tooltip.value : tooltip).toMatch(/^✗ output_shape is invalid\n\n/);
  });
});

describe('diagnostics and code actions', () => {
  const result: AnalysisResult = {
    language: 'prototxt',
    layers: [],
    diagnostics: [
      {
        range: { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } },
        severity: 'warning',
        code: 'x-code',
        message: 'm',
        related: [],
        fixes: [
          { title: 'A', kind: 'quickfix', preferred: false, edits: [{ range: { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } }, newText: 'y' }] },
          { title: 'A', kind: 'quickfix', preferred: false, edits: [{ range: { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } }, newText: 'y' }] },
        ],
      },
    ],
  };

  it('maps severity and omits empty related information', () => {
    const d = toLspDiagnostic(result.diagnostics[0]!, 'file:///a');
    expect(d.severity).toBe(2);
    expect(d.relatedInformation).toBeUndefined();
  });

  it('offers each distinct fix once, as versioned edits when the client takes them', () => {
    const range = { start: { line: 3, character: 9 }, end: { line: 3, character: 9 } };
    const actions = codeActions(result, range, {}, { uri: 'file:///a', version: 7, documentChanges: true });
    expect(actions).toHaveLength(1);
    expect(actions[0]!.edit).toEqual({ documentChanges: [{ textDocument: { uri: 'file:///a', version: 7 }, edits: [{ range: result.diagnostics[0]!.range, newText: 'y' }] }] });
    expect(codeActions(result, { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, {}, { uri: 'file:///a', version: 7, documentChanges: false })).toEqual([]);
    expect(codeActions(result, range, { only: ['refactor'] }, { uri: 'file:///a', version: 7, documentChanges: false })).toEqual([]);
  });
});

describe('layer actions', () => {
  const edit = { range: { start: { line: 1, character: 4 }, end: { line: 1, character: 10 } }, newText: "'valid'" };
  const refactor = { title: 'Pad explicitly', kind: 'refactor' as const, preferred: false, edits: [edit] };
  const conv: LayerResult = { ...layer(1, 40, 8), range: { start: { line: 1, character: 4 }, end: { line: 1, character: 30 } }, actions: [refactor] };
  // The same call applied twice (a helper called from two places) offers its refactor once.
  const result: AnalysisResult = { language: 'python', layers: [conv, { ...conv }], diagnostics: [] };
  const target = { uri: 'file:///a.py', version: 3, documentChanges: false };
  const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });

  it('offers a layer\'s refactors for a range inside its call, as refactor.rewrite without a diagnostic', () => {
    const actions = codeActions(result, at(1, 12), {}, target);
    expect(actions).toEqual([{ title: 'Pad explicitly', kind: 'refactor.rewrite', edit: { changes: { 'file:///a.py': [edit] } } }]);
    expect(codeActions(result, { start: { line: 1, character: 4 }, end: { line: 1, character: 30 } }, { only: ['refactor'] }, target)).toHaveLength(1);
    expect(codeActions(result, at(1, 12), { only: ['quickfix'] }, target)).toEqual([]);
  });

  it('offers nothing for a range reaching outside the call', () => {
    expect(codeActions(result, at(1, 3), {}, target)).toEqual([]);
    expect(codeActions(result, { start: { line: 1, character: 10 }, end: { line: 2, character: 0 } }, {}, target)).toEqual([]);
  });
});

describe('model totals', () => {
  it("a model's total params sit at the model and at its summary() call: 34,826 for keras-io's MNIST convnet", async () => {
    // keras-team/keras-io examples/vision/mnist_convnet.py (Apache-2.0): its printed summary ends
    // "Total params: 34,826".
    const src = `from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ]
)
model.summary()
`;
    const result = (await analyzer())(src);
    const hints = inlayHints(result, { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } }, { format: shapeFormat('python'), showParams: false });
    const at = (line: number) => hints.filter((h) => h.position.line === line).map((h) => h.label);
    // After the whole call, as every multi-line call's hint is.
    expect(at(13)).toEqual(['→ 34,826 params']);
    expect(at(14)).toEqual(['→ 34,826 params']);
    expect(result.models?.map((m) => m.layers.length)).toEqual([8]);
  });
});
