/** What the engine needs of an onnxruntime session and its tensors, wherever the session runs. */
import type { ModelFileIdentity } from "./model-files.mjs";

/** A tensor as the sessions take and give it: onnxruntime's Tensor fits, and so does a plain object. */
export interface TensorLike {
  type: string;
  data: unknown;
  dims: readonly number[];
}

/** Which lane of the inference thread's scheduler a run belongs to (see step-scheduler.mjs). */
export type Lane = "short" | "long";

export interface RunOptions {
  lane?: Lane;
}

export interface Session {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(
    feeds: Record<string, TensorLike>,
    fetches?: readonly string[],
    options?: RunOptions,
  ): Promise<Record<string, TensorLike>>;
  release(): Promise<void>;
}

/** One stage of an encoder: its graph file and the tensor names it takes and gives (lib/model/encoder-stages.ts). */
export interface EncoderStageSpec {
  model: string;
  inputs: readonly string[];
  outputs: readonly string[];
  /** Whether the session keeps onnxruntime's CPU memory arena, which holds on to its peak for good. */
  arena: boolean;
  /** For attention as MultiHeadAttention (flash attention): its head count, which the queries must have to run it. */
  heads?: number;
}

/**
 * The graph up to the last layer's attention in one run (lib/model/encoder-stages.ts), for batches padded to at most
 * `maxSeq` tokens and of at most `maxTokens`: then the last layer's attention and its stage, 3 runs instead of ~50.
 */
export interface PrefixSpec {
  model: string;
  /** The last layer's input, projections and the mask, as stage 0 gives them for layer 0. */
  outputs: readonly string[];
  maxSeq: number;
  maxTokens: number;
}

/**
 * What an encoder is made of: its stages (or the whole graph as one), the prefix for short batches, its output's
 * name, the heads' graph, and the identity at load of every file the stages read (refused once one changes).
 */
export interface EncoderGraphs {
  stages: readonly EncoderStageSpec[];
  /** Null when `stages` is the whole graph, or short batches run through the stages too. */
  prefix: PrefixSpec | null;
  /** Attention without the mask, for batches without padding; null when `stages` is the whole graph. */
  unmaskedAttention: EncoderStageSpec | null;
  files: readonly ModelFileIdentity[];
  hiddenOutput: string;
  heads: Uint8Array;
  /** Most attention scores one step may hold (batch × heads × chunk rows × length). */
  scoreElements: number;
}

/** The heads' raw outputs for a padded batch. */
export interface HeadOutputs {
  /** [batch, seq, colbertDim]: colbert_linear of every position, not yet normalised. */
  colbert: Float32Array;
  colbertDim: number;
  /** [batch, seq]: relu(sparse_linear) of every position. */
  sparse: Float32Array;
}

/**
 * What one encoder call gives back: the [CLS] rows, and both heads' outputs unless only the dense vectors were
 * asked for.
 */
export interface EncodedBatch {
  /** [batch, hidden]: each row's first hidden state. */
  cls: Float32Array;
  hidden: number;
  heads: HeadOutputs | null;
}

/**
 * What a call needs: `all` three representations, or `dense` only, which lets the encoder run the last layer on the
 * [CLS] row alone and skip the heads.
 */
export type Needs = "all" | "dense";

export interface EncodeCall {
  lane?: Lane;
  /** Default `all`. An encoder may give more than asked (heads included), never less. */
  needs?: Needs;
  /** Aborting drops the work at its next step. */
  signal?: AbortSignal;
}

/** An encoder (stages and heads) living in the inference thread. */
export interface Encoder {
  encode(ids: BigInt64Array, mask: BigInt64Array, batch: number, seq: number, call?: EncodeCall): Promise<EncodedBatch>;
  release(): Promise<void>;
}
