/**
 * The prototxt TextMate grammar (client/syntaxes/prototxt.tmLanguage.json) tokenized by the same
 * engine VS Code uses (vscode-textmate + vscode-oniguruma): a regex Oniguruma rejects silently
 * leaves a whole file uncoloured, which only a test like this notices.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as onig from 'vscode-oniguruma';
import * as tm from 'vscode-textmate';
import { CORPUS, ROOT } from './support/harness.js';

let grammar: tm.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new tm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new onig.OnigScanner(p), createOnigString: (s: string) => new onig.OnigString(s) }),
    loadGrammar: async () => tm.parseRawGrammar(readFileSync(path.join(ROOT, 'client/syntaxes/prototxt.tmLanguage.json'), 'utf8'), 'prototxt.tmLanguage.json'),
  });
  const g = await registry.loadGrammar('source.prototxt');
  if (!g) throw new Error('grammar did not load');
  grammar = g;
});

/** `text` → [token text, innermost scope] for every non-blank token. */
function tokens(text: string): [string, string][] {
  let state = tm.INITIAL;
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex);
      if (s.trim()) out.push([s, t.scopes[t.scopes.length - 1]!]);
    }
    state = r.ruleStack;
  }
  return out;
}

describe('prototxt TextMate grammar', () => {
  it('scopes fields, messages, strings, numbers, enums, booleans and comments', () => {
    const t = tokens('name: "ResNet-50"  # deploy\nlayer {\n  pool: MAX\n  convolution_param { num_output: 64 bias_term: false }\n  std: -1.5e-3 shape: [1, 0x1F]\n}');
    expect(t).toEqual([
      ['name', 'variable.other.property.prototxt'],
      [':', 'punctuation.separator.key-value.prototxt'],
      ['"', 'string.quoted.double.prototxt'],
      ['ResNet-50', 'string.quoted.double.prototxt'],
      ['"', 'string.quoted.double.prototxt'],
      ['#', 'punctuation.definition.comment.prototxt'],
      [' deploy', 'comment.line.number-sign.prototxt'],
      ['layer', 'entity.name.type.message.prototxt'],
      ['{', 'punctuation.section.block.begin.prototxt'],
      ['pool', 'variable.other.property.prototxt'],
      [':', 'punctuation.separator.key-value.prototxt'],
      ['MAX', 'constant.other.enum.prototxt'],
      ['convolution_param', 'entity.name.type.message.prototxt'],
      ['{', 'punctuation.section.block.begin.prototxt'],
      ['num_output', 'variable.other.property.prototxt'],
      [':', 'punctuation.separator.key-value.prototxt'],
      ['64', 'constant.numeric.prototxt'],
      ['bias_term', 'variable.other.property.prototxt'],
      [':', 'punctuation.separator.key-value.prototxt'],
      ['false', 'constant.language.boolean.prototxt'],
      ['}', 'punctuation.section.block.end.prototxt'],
      ['std', 'variable.other.property.prototxt'],
      [':', 'punctuation.separator.key-value.prototxt'],
      ['-1.5e-3', 'constant.numeric.prototxt'],
      ['shape', 'variable.other.property.prototxt'],
      [':', 'punctuation.separator.key-value.prototxt'],
      ['[', 'punctuation.section.brackets.begin.prototxt'],
      ['1', 'constant.numeric.prototxt'],
      [',', 'punctuation.separator.sequence.prototxt'],
      ['0x1F', 'constant.numeric.prototxt'],
      [']', 'punctuation.section.brackets.end.prototxt'],
      ['}', 'punctuation.section.block.end.prototxt'],
    ]);
  });

  it('colours every token of the corpus files (nothing falls through unscoped)', () => {
    for (const file of ['alexnet.prototxt', 'vgg16.prototxt', 'lenet_train_test.prototxt', 'densenet121.prototxt']) {
      const unscoped = tokens(readFileSync(path.join(CORPUS, file), 'utf8')).filter(([, scope]) => scope === 'source.prototxt');
      expect(unscoped.slice(0, 5), file).toEqual([]);
    }
  });
});
