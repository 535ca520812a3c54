/**
 * The net as Caffe builds it from a NetParameter: the legacy net-level inputs rewritten into an
 * Input layer, `layer {}` and V1 `layers {}` blocks, and the include/exclude rules of one phase.
 *
 * Sources: BVLC/caffe · src/caffe/net.cpp · Net::FilterNet, Net::StateMeetsRule;
 * src/caffe/util/upgrade_proto.cpp · UpgradeNetInput, UpgradeV1LayerType.
 */
import type { Diagnostic, Position, Range } from '../analysis/types.js';
import { diagnostic } from './diagnostic.js';
import type { Generations } from '../analysis/generations.js';
import type { Field, Message, ProtoDocument, Value } from './message.js';
import { singleField, type ParamError } from './params.js';
import { V1_LAYER_TYPES } from './v1-types.js';

export type Phase = 'TRAIN' | 'TEST';

export interface BlobRef {
  readonly name: string;
  /** The `bottom:` / `top:` field. */
  readonly range: Range;
}

/** What a layer is, apart from where it sits: the same for the same text. */
interface LayerParts {
  readonly name: string | null;
  /** As written: `Convolution`, `CONVOLUTION`. */
  readonly type: string;
  /** The type Caffe runs: V1 enum names upgraded (`CONVOLUTION` → `Convolution`). */
  readonly kind: string;
  /** The `type:` field (the layer, when it has none): where a type problem is reported. */
  readonly typeField: { readonly range: Range };
  readonly body: Message;
  readonly bottoms: readonly BlobRef[];
  readonly tops: readonly BlobRef[];
  /** The field at the end of whose line the layer's hint goes: `name:`, else the layer itself. */
  readonly anchorField: Field;
}

export interface LayerDef extends LayerParts {
  /** The whole `layer { … }` block. */
  readonly range: Range;
  readonly anchor: Position;
}

/** A layer field as one phase sees it; an editor keeps these between analyses (LayerCache). */
type PhaseLayer = { readonly phase: Phase; readonly included: false } | (LayerParts & { readonly phase: Phase; readonly included: true });

/** What the last analysis of a document made of each layer field, by the field (reused when its text is). */
export type LayerCache = Generations<Field, PhaseLayer>;

/**
 * The layers of one phase, in file order (net-level inputs first, as Caffe moves them there), each
 * read from the document as it is asked for.
 */
export function* netLayers(doc: ProtoDocument, phase: Phase, diagnostics: Diagnostic[], cache?: LayerCache): Generator<LayerDef> {
  cache?.next();
  const legacy = legacyInputLayer(doc);
  if (legacy) yield legacy;
  for (const top of doc.fields) {
    if (top.name !== 'layer' && top.name !== 'layers') continue;
    const f = top.read();
    if (f?.value.kind !== 'message') continue;
    let layer = cache?.take(f);
    if (layer?.phase !== phase) {
      const reported = diagnostics.length;
      layer = phaseLayer(f, f.value.value, phase, diagnostics);
      if (diagnostics.length === reported) cache?.put(f, layer);
    }
    if (layer.included) yield placed(layer, f.range, doc.endOfLine(layer.anchorField.range.start.line));
  }
}

/** The layer where it now sits (spelled out: an object spread here was several times slower). */
function placed(l: LayerParts, range: Range, anchor: Position): LayerDef {
  return { name: l.name, type: l.type, kind: l.kind, typeField: l.typeField, body: l.body, bottoms: l.bottoms, tops: l.tops, anchorField: l.anchorField, range, anchor };
}

function phaseLayer(f: Field, body: Message, phase: Phase, diagnostics: Diagnostic[]): PhaseLayer {
  if (!included(body, phase)) return { phase, included: false };
  const report: ParamError = (code, message, range) => diagnostics.push(diagnostic(range, 'error', code, message));
  const nameField = singleField(body.fields, 'name', report);
  const typeField = singleField(body.fields, 'type', report);
  const type = typeField && (typeField.value.kind === 'string' || typeField.value.kind === 'enum') ? typeField.value.value : '';
  return {
    phase,
    included: true,
    name: nameField?.value.kind === 'string' ? nameField.value.value : null,
    type,
    kind: V1_LAYER_TYPES.get(type) ?? type,
    typeField: typeField ?? f,
    body,
    bottoms: blobRefs(body, 'bottom', diagnostics),
    tops: blobRefs(body, 'top', diagnostics),
    anchorField: nameField ?? f,
  };
}

/** A blob named by a `bottom:` / `top:` field; the field's range is computed only when read. */
class FieldBlobRef implements BlobRef {
  constructor(
    readonly name: string,
    private readonly field: Field,
  ) {}

  get range(): Range {
    return this.field.range;
  }
}

function blobRefs(body: Message, role: 'bottom' | 'top', diagnostics: Diagnostic[]): BlobRef[] {
  const refs: BlobRef[] = [];
  for (const f of body.fields) {
    if (f.name !== role) continue;
    if (f.value.kind === 'string') refs.push(new FieldBlobRef(f.value.value, f));
    else diagnostics.push(diagnostic(f.range, 'error', 'invalid-parameter', `${role} must be a blob name in quotes`));
  }
  return refs;
}

/** Net::FilterNet: include rules (any must meet) or exclude rules (none may meet). */
function included(body: Message, phase: Phase): boolean {
  let hasInclude = false;
  let includeMet = false;
  let excludeMet = false;
  for (const f of body.fields) {
    if (f.value.kind !== 'message') continue;
    if (f.name === 'include') {
      hasInclude = true;
      includeMet ||= meetsRule(f.value.value, phase);
    } else if (f.name === 'exclude') {
      excludeMet ||= meetsRule(f.value.value, phase);
    }
  }
  return hasInclude ? includeMet : !excludeMet;
}

/** Net::StateMeetsRule for the state { phase, level 0, no stages }. */
function meetsRule(rule: Message, phase: Phase): boolean {
  return rule.fields.every((f) => {
    const v = f.value;
    switch (f.name) {
      case 'phase':
        return v.kind === 'enum' ? v.value === phase : v.kind === 'number' && v.value === (phase === 'TRAIN' ? 0 : 1);
      case 'min_level':
        return v.kind === 'number' && v.value <= 0;
      case 'max_level':
        return v.kind === 'number' && v.value >= 0;
      case 'stage':
        return false;
      default:
        return true;
    }
  });
}

/**
 * UpgradeNetInput: `input: "data"` with `input_shape { dim … }` per input or `input_dim` ×4 per
 * input becomes one Input layer named `input`. Its body is written as the `input_param` Caffe
 * produces, built from the original fields so ranges still point at the text.
 */
function legacyInputLayer(doc: ProtoDocument): LayerDef | null {
  const fields = doc.fields.filter((f) => f.name === 'input' || f.name === 'input_shape' || f.name === 'input_dim').flatMap((f) => f.read() ?? []);
  const inputs = fields.filter((f) => f.name === 'input');
  if (inputs.length === 0) return null;
  const shapes = fields.filter((f) => f.name === 'input_shape');
  const dims = fields.filter((f) => f.name === 'input_dim');
  const shapeFields: Field[] =
    shapes.length > 0
      ? shapes.map((f) => renamed(f, 'shape'))
      : chunks(dims, 4).map((group) => ({
          name: 'shape',
          value: messageValue(group.map((d) => renamed(d, 'dim')), spanOf(group)),
          range: spanOf(group),
        }));
  const all = [...inputs, ...shapes, ...dims];
  const range = spanOf(all);
  const first = inputs[0]!;
  return {
    name: 'input',
    type: 'Input',
    kind: 'Input',
    typeField: first,
    body: { fields: [{ name: 'input_param', value: messageValue(shapeFields, range), range }] },
    bottoms: [],
    tops: inputs.flatMap((f) => (f.value.kind === 'string' ? [{ name: f.value.value, range: f.range }] : [])),
    anchorField: first,
    range,
    anchor: doc.endOfLine(first.range.start.line),
  };
}

/** The same field under another name (spelled out: a field's range may be computed on demand). */
function renamed(f: Field, name: string): Field {
  return { name, value: f.value, range: f.range };
}

function messageValue(fields: Field[], range: Range): Value {
  return { kind: 'message', value: { fields }, range };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** From the earliest start to the latest end of some fields. */
function spanOf(fields: readonly Field[]): Range {
  const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);
  let { start, end } = fields[0]!.range;
  for (const { range } of fields) {
    if (before(range.start, start)) start = range.start;
    if (before(end, range.end)) end = range.end;
  }
  return { start, end };
}
