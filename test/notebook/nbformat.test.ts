// Reading nbformat 4 JSON. The fields read are those of the nbformat 4 schema
// (jupyter/nbformat, nbformat/v4/nbformat.v4.schema.json: top-level `nbformat`, `metadata`
// with `kernelspec.language` and `language_info.name`, `cells` with `cell_type` and `source`
// as a string or a list of strings) and VS Code's per-cell `metadata.vscode.languageId`.
import { describe, expect, test } from 'vitest';
import { notebookLanguage, parseNotebook } from '../../server/src/notebook/nbformat.js';

const nb = (cells: unknown[], metadata: unknown = { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } }) =>
  JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata, cells });

describe('parseNotebook', () => {
  test('cells keep their kind and joined source; the language comes from the metadata', () => {
    const parsed = parseNotebook(
      nb([
        { cell_type: 'markdown', metadata: {}, source: ['# Title\n', 'text'] },
        { cell_type: 'code', metadata: {}, source: ['import keras\n', 'x = 1'], outputs: [], execution_count: 1 },
        { cell_type: 'code', metadata: { vscode: { languageId: 'sql' } }, source: 'SELECT 1', outputs: [], execution_count: null },
      ]),
    );
    expect(parsed).toEqual({
      language: 'python',
      cells: [
        { kind: 'markdown', source: '# Title\ntext', language: null },
        { kind: 'code', source: 'import keras\nx = 1', language: null },
        { kind: 'code', source: 'SELECT 1', language: 'sql' },
      ],
    });
  });

  test('language_info.name before kernelspec.language; Python when neither is there', () => {
    expect(notebookLanguage({ language_info: { name: 'R' }, kernelspec: { language: 'python' } })).toBe('R');
    expect(notebookLanguage({ kernelspec: { language: 'julia' } })).toBe('julia');
    expect(notebookLanguage({})).toBe('python');
    expect(notebookLanguage(undefined)).toBe('python');
  });

  test('clear errors for broken JSON, JSON that is no notebook, nbformat 3, bad cells', () => {
    expect(() => parseNotebook('{"cells": [')).toThrow(/^not valid JSON: /);
    expect(() => parseNotebook('[1, 2]')).toThrow('not a Jupyter notebook: no "nbformat" version number at the top level');
    expect(() => parseNotebook('{"name": "my-package", "version": "1.0.0"}')).toThrow(/^not a Jupyter notebook/);
    expect(() => parseNotebook('{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}')).toThrow('nbformat 3 notebook: Shape Lens reads nbformat 4 (open and save it in Jupyter to convert it)');
    expect(() => parseNotebook('{"nbformat": 4, "metadata": {}}')).toThrow('not a Jupyter notebook: no "cells" list');
    expect(() => parseNotebook(nb([{ cell_type: 'code', source: 3 }]))).toThrow('cell 0: "source" is neither a string nor a list of strings');
    expect(() => parseNotebook(nb([{ cell_type: 'markdown', source: '' }, { cell_type: 'heading', source: '' }]))).toThrow('cell 1: "cell_type" is "heading", not "code", "markdown" or "raw"');
    expect(() => parseNotebook(nb([null]))).toThrow('cell 0 is not a JSON object');
  });
});
