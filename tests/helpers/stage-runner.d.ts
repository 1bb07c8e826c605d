/**
 * Types for lib/engine/stage-runner.mjs (plain JavaScript, imported unbundled by the inference thread), as the tests
 * use it: an ambient declaration, since lib/engine has no .d.mts for it.
 */
declare module "@/lib/engine/stage-runner.mjs" {
  import type { InferenceSession } from "onnxruntime-node";

  interface Stage {
    session: InferenceSession;
    inputs: readonly string[];
    outputs: readonly string[];
  }

  export interface StagedEncoder {
    stages: Stage[];
    /**
     * The graph up to the last layer's attention, which batches padded to at most `maxSeq` tokens, of at most
     * `maxTokens`, run instead of the stages before it.
     */
    prefix?: (Stage & { maxSeq: number; maxTokens: number }) | null;
    /**
     * Attention without the mask (q, kᵀ, v), which a batch without padding runs instead of stages[1]; `heads` when it
     * is flash attention, which runs only on queries of that many heads.
     */
    unmaskedAttention?: (Stage & { heads?: number | null }) | null;
    hiddenOutput: string;
    heads: InferenceSession;
    scoreElements: number;
  }

  export interface EncodedRows {
    cls: Float32Array;
    hidden: number;
    heads: { colbert: Float32Array; colbertDim: number; sparse: Float32Array } | null;
  }

  export function encodeBatch(
    encoder: StagedEncoder,
    ids: BigInt64Array,
    mask: BigInt64Array,
    batch: number,
    seq: number,
    step: <T>(fn: () => Promise<T>) => Promise<T>,
    needs?: "all" | "dense",
  ): Promise<EncodedRows>;
}
