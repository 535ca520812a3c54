/** Settings from whatever JSON a client sends: nested or dotted, malformed values fall back. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/lsp/settings.js';

describe('parseSettings', () => {
  it('gives the defaults for nothing', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
  });

  it('reads nested and dotted keys', () => {
    const nested = parseSettings({ inlayHints: { python: false }, shapeFormat: 'cross', prototxt: { phase: 'TRAIN', defaultInputs: { data: [1, 3, 224, 224] } } });
    const dotted = parseSettings({ 'inlayHints.python': false, shapeFormat: 'cross', 'prototxt.phase': 'TRAIN', 'prototxt.defaultInputs': { data: [1, 3, 224, 224] } });
    expect(nested).toEqual(dotted);
    expect(nested.inlayHints).toEqual({ prototxt: true, python: false, showParams: false });
    expect(nested.prototxt).toEqual({ phase: 'TRAIN', defaultInputs: { data: [1, 3, 224, 224] }, stages: [], level: 0 });
  });

  it('reads the net state: stages and level, malformed ones falling back', () => {
    expect(parseSettings({ 'prototxt.stages': ['test-on-test'], 'prototxt.level': 2 }).prototxt).toMatchObject({ stages: ['test-on-test'], level: 2 });
    expect(parseSettings({ prototxt: { stages: 'deploy', level: 1.5 } }).prototxt).toMatchObject({ stages: [], level: 0 });
  });

  it('keeps blob names with dots whole and drops malformed shapes', () => {
    const s = parseSettings({ prototxt: { defaultInputs: { 'data.1': [2, 3], bad: [1, 0], worse: 'x', empty: [] } } });
    expect(s.prototxt.defaultInputs).toEqual({ 'data.1': [2, 3] });
  });

  it('falls back value by value', () => {
    const s = parseSettings({ shapeFormat: 'fancy', notes: 'yes', diagnosticsDelay: -5, prototxt: { phase: 'DEPLOY' }, inlayHints: { showParams: true } });
    expect(s.shapeFormat).toBe('tuple');
    expect(s.notes).toBe(DEFAULT_SETTINGS.notes);
    expect(s.diagnosticsDelay).toBe(DEFAULT_SETTINGS.diagnosticsDelay);
    expect(s.prototxt.phase).toBe('TEST');
    expect(s.inlayHints.showParams).toBe(true);
  });
});

describe('parseSettings: python', () => {
  it('reads shapelens.python.imageDataFormat and keras1DimOrdering, dotted or nested; anything else is the default', () => {
    expect(parseSettings({ 'python.imageDataFormat': 'channels_first', python: { keras1DimOrdering: 'th' } }).python).toEqual({ imageDataFormat: 'channels_first', keras1DimOrdering: 'th' });
    expect(parseSettings({ python: { imageDataFormat: 'NCHW', keras1DimOrdering: 1 } }).python).toEqual(DEFAULT_SETTINGS.python);
  });
});
