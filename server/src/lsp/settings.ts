/**
 * The `shapelens.*` settings, their defaults, and reading them from whatever JSON a client sends
 * (workspace/configuration, didChangeConfiguration, initializationOptions): anything malformed
 * falls back to the default for that one setting.
 */
import type { ShapeStyle } from '../analysis/format.js';

export type Phase = 'TRAIN' | 'TEST';

export interface Settings {
  readonly inlayHints: {
    readonly prototxt: boolean;
    readonly python: boolean;
    readonly showParams: boolean;
  };
  readonly shapeFormat: ShapeStyle;
  readonly prototxt: {
    /** Input shapes for prototxt files that do not state them, by blob name. */
    readonly defaultInputs: Readonly<Record<string, readonly number[]>>;
    readonly phase: Phase;
    /** The net state's stages and level, for include/exclude stage and level rules. */
    readonly stages: readonly string[];
    readonly level: number;
  };
  readonly python: {
    /** `image_data_format()` where the file sets none. */
    readonly imageDataFormat: 'channels_last' | 'channels_first';
    /** Keras 1 ordering where the file states none and both orderings give a valid model. */
    readonly keras1DimOrdering: 'th' | 'tf';
  };
  /** Information-level porting notes (asymmetric SAME padding, …) as diagnostics. */
  readonly notes: boolean;
  /** Milliseconds between the last change and the diagnostics push. */
  readonly diagnosticsDelay: number;
}

export const DEFAULT_SETTINGS: Settings = {
  inlayHints: { prototxt: true, python: true, showParams: false },
  shapeFormat: 'tuple',
  prototxt: { defaultInputs: {}, phase: 'TEST', stages: [], level: 0 },
  python: { imageDataFormat: 'channels_last', keras1DimOrdering: 'tf' },
  notes: false,
  diagnosticsDelay: 150,
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

function inputs(v: unknown): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  if (!isRecord(v)) return out;
  for (const [name, dims] of Object.entries(v)) {
    if (Array.isArray(dims) && dims.length > 0 && dims.every((d) => Number.isInteger(d) && (d as number) > 0)) out[name] = dims as number[];
  }
  return out;
}

/**
 * Settings from the `shapelens` section of a configuration object. Accepts both nested objects
 * (`{inlayHints: {prototxt: false}}`) and VS Code's dotted keys (`{"inlayHints.prototxt": false}`).
 */
export function parseSettings(raw: unknown): Settings {
  const section = expandDotted(isRecord(raw) ? raw : {});
  const hints = isRecord(section['inlayHints']) ? section['inlayHints'] : {};
  const prototxt = isRecord(section['prototxt']) ? section['prototxt'] : {};
  const python = isRecord(section['python']) ? section['python'] : {};
  const d = DEFAULT_SETTINGS;
  const style = section['shapeFormat'];
  const delay = section['diagnosticsDelay'];
  return {
    inlayHints: {
      prototxt: bool(hints['prototxt'], d.inlayHints.prototxt),
      python: bool(hints['python'], d.inlayHints.python),
      showParams: bool(hints['showParams'], d.inlayHints.showParams),
    },
    shapeFormat: style === 'tuple' || style === 'cross' ? style : d.shapeFormat,
    prototxt: {
      defaultInputs: inputs(prototxt['defaultInputs']),
      phase: prototxt['phase'] === 'TRAIN' || prototxt['phase'] === 'TEST' ? prototxt['phase'] : d.prototxt.phase,
      stages: Array.isArray(prototxt['stages']) && prototxt['stages'].every((x) => typeof x === 'string') ? (prototxt['stages'] as string[]) : d.prototxt.stages,
      level: Number.isSafeInteger(prototxt['level']) ? (prototxt['level'] as number) : d.prototxt.level,
    },
    python: {
      imageDataFormat: python['imageDataFormat'] === 'channels_first' || python['imageDataFormat'] === 'channels_last' ? python['imageDataFormat'] : d.python.imageDataFormat,
      keras1DimOrdering: python['keras1DimOrdering'] === 'th' || python['keras1DimOrdering'] === 'tf' ? python['keras1DimOrdering'] : d.python.keras1DimOrdering,
    },
    notes: bool(section['notes'], d.notes),
    diagnosticsDelay: typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 && delay <= 10_000 ? delay : d.diagnosticsDelay,
  };
}

/** `{"a.b": 1}` → `{a: {b: 1}}`, merged with nested objects already there. */
function expandDotted(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const parts = key.split('.');
    let target = out;
    for (const part of parts.slice(0, -1)) {
      if (!isRecord(target[part])) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1]!;
    if (last === 'defaultInputs' || !isRecord(value)) target[last] = value;
    else target[last] = { ...(isRecord(target[last]) ? target[last] : {}), ...expandDotted(value) };
  }
  return out;
}
