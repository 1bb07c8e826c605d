/**
 * How much working memory one batch needs, so batches are admitted by memory instead of by rows × length, and the
 * budget they must fit: `BGE_M3_MEMORY_BUDGET_MB`, by default a quarter of the memory this process may use.
 * The weights are not counted: they are held once, whatever runs.
 */
import type { Env } from "@/lib/config/env";
import { setting } from "@/lib/config/settings";
import { chunkRows, DENSE_STEP_TOKENS, flashRows } from "./step-sizes.mjs";

/** The sizes that decide a batch's memory, from config.json and the heads. */
export interface EncoderShape {
  hidden: number;
  heads: number;
  intermediate: number;
  colbertDim: number;
}

/** `chunked`: attention a chunk of query rows at a time (the default); `full`: the official graph in one run. */
export type AttentionMode = "chunked" | "full";

/**
 * Attention scores one chunked step may hold: 2^23 float32 values, 32 MiB (64 query rows of an 8,192-token text).
 * On the full-size replica at 2,048 tokens, 2^23, 2^25 and the whole graph took the same time within the noise.
 */
export const DEFAULT_SCORE_ELEMENTS = 1 << 23;

const FLOAT = 4;

/**
 * Peak working bytes of a batch of `rows` texts padded to `seq` tokens. Per token, held all along: two layers' h, q,
 * kᵀ and v, attention's output, the heads' outputs and the representations made from them. Per step, the larger of
 * the embeddings stage (every token at once) and one layer step: attention (the scores of a chunk of query rows, up to
 * three live copies: product, scaled and masked, softmax; or, for flash attention, the token-major copies of a chunk's
 * queries, every key and value, and their head-major copies in onnxruntime) plus a weight stage's feed-forward
 * activations. `full` attention is one step over every row. Calibrated against peak RSS measured on the full-size
 * replica.
 */
export function batchWorkingBytes(
  rows: number,
  seq: number,
  shape: EncoderShape,
  mode: AttentionMode,
  scoreElements = DEFAULT_SCORE_ELEMENTS,
): number {
  const tokens = rows * seq;
  const held = tokens * (10 * shape.hidden + 3 * shape.colbertDim) * FLOAT;
  const chunk = mode === "chunked" ? chunkRows(rows, shape.heads, seq, scoreElements) : seq;
  const scores = rows * shape.heads * chunk * seq * FLOAT * 3;
  const flash = mode === "chunked" ? rows * (4 * flashRows(rows, seq) + 4 * seq) * shape.hidden * FLOAT : 0;
  const stepTokens = mode === "chunked" ? Math.min(tokens, DENSE_STEP_TOKENS) : tokens;
  const feedForward = stepTokens * (3 * shape.intermediate + 8 * shape.hidden) * FLOAT;
  const embeddings = tokens * 6 * shape.hidden * FLOAT;
  return held + Math.max(embeddings, Math.max(scores, flash) + feedForward);
}

const MIB = 1024 * 1024;

/** `BGE_M3_MEMORY_BUDGET_MB` in bytes. */
export function memoryBudgetFromEnv(env: Env = process.env): number {
  return setting("BGE_M3_MEMORY_BUDGET_MB", env) * MIB;
}
