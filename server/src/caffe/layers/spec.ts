/**
 * What a catalog entry is: the Caffe layer types it handles, how many bottoms and tops it takes,
 * and a `shape` function from its inputs and parameters to its outputs (plus cost and windowing).
 */
import type { Shape, Windowing } from '../../analysis/types.js';
import type { Cost } from '../../engine/cost.js';
import type { BlobRef, LayerDef } from '../net.js';
import type { Params } from '../params.js';
import type { Range } from '../../analysis/types.js';

/** Blob shapes by blob name. */
export type ShapeTable = Readonly<Record<string, readonly number[]>>;

export interface SuppliedShapes {
  /** `--input data=1,3,224,224` (CLI): replaces what the file states. */
  readonly given: ShapeTable;
  /** The editor's default input shapes: fill in only what the file leaves unstated. */
  readonly defaults: ShapeTable;
}

/** Inclusive [min, max] count; `Infinity` for no upper bound. */
export type Arity = readonly [number, number];

export interface LayerContext {
  readonly layer: LayerDef;
  /** One shape per bottom; entries never run unless every bottom's rank is known. */
  readonly inputs: readonly Shape[];
  readonly tops: readonly BlobRef[];
  /** Shapes the user gave for named blobs. */
  readonly supplied: SuppliedShapes;
  /** A `*_param` message of the layer (empty when absent). */
  params(name: string): Params;
  /** An error (default range: the layer): Caffe would refuse the net, so the tops become unknown. */
  error(code: string, message: string, range?: Range): void;
  /** Code that runs but where another fork of the same type would not: the shapes go on. */
  warn(code: string, message: string, range?: Range): void;
  /** Information that does not stop the shapes (e.g. an input size the file does not state). */
  inform(code: string, message: string, range?: Range): void;
  /** True once an error was reported for this layer. */
  readonly failed: boolean;
}

export interface LayerShape {
  /** One entry per top (missing entries are unknown); null: not even the rank is known. */
  readonly outputs: readonly (Shape | null)[];
  readonly cost?: Cost;
  readonly windowing?: Windowing;
}

export interface LayerSpec {
  readonly types: readonly string[];
  /** Default [1, 1]. */
  readonly bottoms?: Arity;
  /** Default [1, 1]. */
  readonly tops?: Arity;
  /**
   * True for layers whose tops the net makes when fewer are given (Caffe's AutoTopBlobs: every
   * LossLayer; Net::Init appends anonymous tops up to MinTopBlobs/ExactNumTopBlobs).
   */
  readonly autoTops?: boolean;
  /** True for layers with one top per bottom (Caffe's EqualNumBottomTopBlobs: Convolution, Deconvolution). */
  readonly topPerBottom?: boolean;
  /** False for layers that CHECK a top is not also a bottom (Flatten, Reshape, Split). */
  readonly inPlace?: boolean;
  /** For a fork type: the repository whose source the rule follows (the hover names it). */
  readonly fork?: string;
  shape(ctx: LayerContext): LayerShape;
  /**
   * The dims a layer fixes whatever its input (InnerProduct's num_output): run instead of `shape`
   * when a bottom's rank is unknown; `ctx.inputs` is then empty.
   */
  partial?(ctx: LayerContext): LayerShape;
}

/** What an entry returns when it reported an error: every top unknown. */
export const NO_SHAPE: LayerShape = { outputs: [] };
