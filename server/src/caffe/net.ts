/**
 * The net as Caffe builds it from a NetParameter: the legacy net-level inputs rewritten into an
 * Input layer, `layer {}` and V1 `layers {}` blocks, and the include/exclude rules of one phase.
 *
 * Sources: BVLC/caffe · src/caffe/net.cpp · Net::FilterNet, Net::StateMeetsRule;
 * src/caffe/util/upgrade_proto.cpp · UpgradeNetInput, UpgradeV0Net (v0.ts), UpgradeV1LayerType.
 */
import type { Diagnostic, Position, Range } from '../analysis/types.js';
import { diagnostic } from './diagnostic.js';
import type { Generations } from '../analysis/generations.js';
import type { Field, Message, ProtoDocument, Value } from './message.js';
import { singleField, type ParamError } from './params.js';
import { upgradeV0, V0_LAYER_TYPES } from './v0.js';
import { V1_LAYER_TYPES } from './v1-types.js';

export type Phase = 'TRAIN' | 'TEST';

/** NetState: what include/exclude rules are checked against (caffe's --phase, --level, --stage). */
export interface NetState {
  readonly phase: Phase;
  readonly level: number;
  readonly stages: readonly string[];
}

/** The same state, as one string (what a cached layer field was filtered for). */
function stateKey(s: NetState): string {
  return `${s.phase} ${s.level} ${s.stages.join(' ')}`;
}

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

/** A layer field as one net state sees it; an editor keeps these between analyses (LayerCache). */
type PhaseLayer = { readonly state: string; readonly included: false; readonly tops: readonly string[] } | (LayerParts & { readonly state: string; readonly included: true; readonly v0?: Message });

/** What the last analysis of a document made of each layer field, by the field (reused when its text is). */
export type LayerCache = Generations<Field, PhaseLayer>;

/**
 * The layers of one phase, in file order (net-level inputs first, as Caffe moves them there), each
 * read from the document as it is asked for.
 */
/**
 * `excludedTops` collects the tops of the layers the net state leaves out: a bottom only they
 * produce is missing in this state only (see blobs.ts runNet).
 */
export function* netLayers(doc: ProtoDocument, state: NetState, diagnostics: Diagnostic[], cache?: LayerCache, excludedTops?: Set<string>): Generator<LayerDef> {
  cache?.next();
  const key = stateKey(state);
  const legacy = legacyInputLayer(doc, diagnostics);
  if (legacy) yield legacy;
  const padding = new Map<string, V0Padding>();
  for (const top of doc.fields) {
    if (top.name !== 'layer' && top.name !== 'layers') continue;
    const f = top.read();
    if (f?.value.kind !== 'message') continue;
    let layer = cache?.take(f);
    if (layer?.state !== key) {
      const reported = diagnostics.length;
      layer = phaseLayer(f, f.value.value, state, key, diagnostics);
      if (diagnostics.length === reported) cache?.put(f, layer);
    }
    if (!layer.included) {
      for (const name of layer.tops) excludedTops?.add(name);
      continue;
    }
    if (layer.v0) {
      const folded = foldPadding(layer, layer.v0, padding, diagnostics);
      if (folded) yield placed(folded, f.range, doc.endOfLine(layer.anchorField.range.start.line));
    } else {
      yield placed(layer, f.range, doc.endOfLine(layer.anchorField.range.start.line));
    }
  }
}

/** The `top` names a layer message writes (V0 nets write them beside the inner `layer {}` too). */
function topNames(written: Message): string[] {
  return written.fields.flatMap((f) => (f.name === 'top' && f.value.kind === 'string' ? [f.value.value] : []));
}

/** A V0 `padding` layer: its input and `pad`, waiting for the conv/pool that reads its top. */
interface V0Padding {
  readonly bottom: BlobRef | undefined;
  readonly pad: Field | undefined;
  readonly layer: LayerParts;
}

/**
 * UpgradeV0PaddingLayers: a `padding` layer is dropped; the conv or pool reading its top reads its
 * bottom instead, with the padding layer's `pad` (CHECK: only a conv or pool may read it).
 */
function foldPadding(layer: LayerParts, v0: Message, padding: Map<string, V0Padding>, diagnostics: Diagnostic[]): LayerParts | null {
  if (layer.type === 'padding') {
    const pad = v0.fields.find((f) => f.name === 'pad');
    for (const t of layer.tops) padding.set(t.name, { bottom: layer.bottoms[0], pad, layer });
    return null;
  }
  const fed = layer.bottoms.map((b) => padding.get(b.name));
  const source = fed.find((p) => p !== undefined);
  for (const t of layer.tops) padding.delete(t.name);
  if (!source) return layer;
  const param = layer.type === 'conv' ? 'convolution_param' : layer.type === 'pool' ? 'pooling_param' : null;
  if (param === null) {
    diagnostics.push(diagnostic(layer.typeField.range, 'error', 'v0-padding', `A V0 padding layer feeds this '${layer.type}' layer: Caffe's upgrade only folds padding into conv and pool layers (CHECK "Padding layer input to non-convolutional / non-pooling layer type")`));
    return layer;
  }
  const padName = source.layer.name ?? 'padding';
  diagnostics.push(diagnostic(source.layer.typeField.range, 'information', 'v0-padding', `V0 padding layer '${padName}' is folded into '${layer.name ?? layer.type}' as its pad, as Caffe's upgrade does: it gets no row of its own`));
  const bottoms = layer.bottoms.map((b, i) => fed[i]?.bottom ?? b);
  const fields = layer.body.fields.map((f) => {
    if (f.name !== param || f.value.kind !== 'message' || !source.pad) return f;
    const own = f.value.value.fields.filter((g) => g.name !== 'pad');
    return { name: f.name, value: messageValue([...own, { name: 'pad', value: source.pad.value, range: source.pad.range }], f.range), range: f.range };
  });
  const hasParam = fields.some((f) => f.name === param);
  const pad = source.pad;
  const body: Message = { fields: hasParam || !pad ? fields : [...fields, { name: param, value: messageValue([pad], pad.range), range: pad.range }] };
  return { ...layer, body, bottoms };
}

/** The layer where it now sits (spelled out: an object spread here was several times slower). */
function placed(l: LayerParts, range: Range, anchor: Position): LayerDef {
  return { name: l.name, type: l.type, kind: l.kind, typeField: l.typeField, body: l.body, bottoms: l.bottoms, tops: l.tops, anchorField: l.anchorField, range, anchor };
}

function phaseLayer(f: Field, written: Message, state: NetState, key: string, diagnostics: Diagnostic[]): PhaseLayer {
  if (!included(written, state)) return { state: key, included: false, tops: topNames(written) };
  const v0 = f.name === 'layers' ? upgradeV0(written) : null;
  const body = v0?.body ?? written;
  const report: ParamError = (code, message, range) => diagnostics.push(diagnostic(range, 'error', code, message));
  const nameField = singleField(body.fields, 'name', report);
  const typeField = singleField(body.fields, 'type', report);
  const type = typeField && (typeField.value.kind === 'string' || typeField.value.kind === 'enum') ? typeField.value.value : '';
  const v1 = v0 ? V0_LAYER_TYPES.get(type) ?? type : type;
  return {
    state: key,
    included: true,
    v0: v0?.v0,
    name: nameField?.value.kind === 'string' ? nameField.value.value : null,
    type,
    kind: V1_LAYER_TYPES.get(v1) ?? v1,
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
function included(body: Message, state: NetState): boolean {
  let hasInclude = false;
  let includeMet = false;
  let excludeMet = false;
  for (const f of body.fields) {
    if (f.value.kind !== 'message') continue;
    if (f.name === 'include') {
      hasInclude = true;
      includeMet ||= meetsRule(f.value.value, state);
    } else if (f.name === 'exclude') {
      excludeMet ||= meetsRule(f.value.value, state);
    }
  }
  return hasInclude ? includeMet : !excludeMet;
}

/** Net::StateMeetsRule: the phase, the level within [min_level, max_level], every stage, no not_stage. */
function meetsRule(rule: Message, state: NetState): boolean {
  return rule.fields.every((f) => {
    const v = f.value;
    switch (f.name) {
      case 'phase':
        return v.kind === 'enum' ? v.value === state.phase : v.kind === 'number' && v.value === (state.phase === 'TRAIN' ? 0 : 1);
      case 'min_level':
        return v.kind === 'number' && v.value <= state.level;
      case 'max_level':
        return v.kind === 'number' && v.value >= state.level;
      case 'stage':
        return v.kind === 'string' && state.stages.includes(v.value);
      case 'not_stage':
        return !(v.kind === 'string' && state.stages.includes(v.value));
      default:
        return true;
    }
  });
}

/**
 * UpgradeNetInput: `input: "data"` with `input_shape { dim … }` or `input_dim` per input becomes
 * one Input layer named `input` (`inputShapes` splits the sizes). Its body is written as the
 * `input_param` Caffe produces, built from the original fields so ranges still point at the text.
 */
function legacyInputLayer(doc: ProtoDocument, diagnostics: Diagnostic[]): LayerDef | null {
  const fields = doc.fields.filter((f) => f.name === 'input' || f.name === 'input_shape' || f.name === 'input_dim').flatMap((f) => f.read() ?? []);
  const inputs = fields.filter((f) => f.name === 'input');
  if (inputs.length === 0) return null;
  const shapes = fields.filter((f) => f.name === 'input_shape');
  const dims = fields.filter((f) => f.name === 'input_dim');
  const shapeFields: Field[] =
    shapes.length > 0
      ? inputShapes(shapes, inputs.length, diagnostics).map((f) => renamed(f, 'shape'))
      : inputDimGroups(dims, inputs.length, diagnostics).map((group) => ({
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

/**
 * input_shape(i) for input i (UpgradeNetInput); Net::Init before it CHECK_EQ'd one per input.
 * Too few: no shapes (an error; none is shared, as an Input layer would share a single one).
 */
function inputShapes(shapes: Field[], inputs: number, diagnostics: Diagnostic[]): Field[] {
  if (shapes.length === inputs) return shapes;
  const message = `${inputs} inputs but ${shapes.length} input_shape: Caffe takes exactly one per input (Net::Init CHECK_EQ(input_size(), input_shape_size()))`;
  diagnostics.push(diagnostic(spanOf(shapes), shapes.length < inputs ? 'error' : 'warning', 'input-dims', message));
  return shapes.length < inputs ? [] : shapes.slice(0, inputs);
}

/**
 * The input_dim sizes of each input. BVLC: 4 per input, input i from input_dim(4i) (UpgradeNetInput;
 * Net::Init before it CHECK_EQ(input_size() * 4, input_dim_size()); today extra sizes are dropped
 * and missing ones read past the end), so an N-D input can only come through input_shape. The C3D
 * fork's C3D-v1.0 Net::Init CHECK_EQs 5 per input and builds input i from input_dim(4i … 4i+4)
 * [facebook/C3D · C3D-v1.0/src/caffe/net.cpp]. Too few sizes: no shapes.
 */
function inputDimGroups(dims: Field[], inputs: number, diagnostics: Diagnostic[]): Field[][] {
  if (dims.length === 0 || dims.length === 4 * inputs) return chunks(dims, 4);
  const range = spanOf(dims);
  if (dims.length === 5 * inputs) {
    const overlap = inputs > 1 ? `; with ${inputs} inputs it reads input i from input_dim(4i … 4i+4), so each input after the first starts inside the one before` : '';
    diagnostics.push(diagnostic(range, inputs > 1 ? 'warning' : 'information', 'fork-specific', `input_dim: 5 sizes per input is the C3D fork's 5-D net input (facebook/C3D · C3D-v1.0 net.cpp · Net::Init; BVLC Caffe takes 4 per input)${overlap}`));
    return Array.from({ length: inputs }, (_, i) => dims.slice(4 * i, 4 * i + 5));
  }
  const rule = `Caffe takes 4 per input (4·${inputs} = ${4 * inputs}; Net::Init CHECK_EQ(input_size() * 4, input_dim_size()), the C3D fork 5 per input); an N-D input needs input_shape`;
  if (dims.length < 4 * inputs) {
    diagnostics.push(diagnostic(range, 'error', 'input-dims', `input_dim gives ${dims.length} sizes for ${inputs} inputs: ${rule}`));
    return [];
  }
  diagnostics.push(diagnostic(range, 'warning', 'input-dims', `input_dim gives ${dims.length} sizes for ${inputs} inputs: ${rule}; BVLC's UpgradeNetInput drops the last ${dims.length - 4 * inputs}`));
  return chunks(dims, 4).slice(0, inputs);
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
