/** Groups texts into length-sorted batches under a token budget, so padding stays small. */
import type { Lane } from "./session";

export interface BatchPlan {
  /** Indices into the input, longest first within the whole plan. */
  indices: number[];
  /** Padded length of this batch (its longest text). */
  seq: number;
}

/** The working memory batches may use, and each batch's estimate (see memory.ts). */
export interface MemoryLimit {
  budgetBytes: number;
  bytesOf(rows: number, seq: number): number;
}

export interface BatchLimits {
  /** Upper bound on batch rows × padded length. A single text longer than this still gets a batch of its own. */
  maxTokens: number;
  maxRows: number;
  /** With it, a batch grows only while its working memory stays within the budget. */
  memory?: MemoryLimit;
}

/** Padded lengths above this run in the inference thread's long lane, which short work may interleave with. */
export const SHORT_LANE_MAX_SEQ = 512;

/** The scheduler lane of a batch padded to `seq` tokens. */
export function laneOf(seq: number): Lane {
  return seq > SHORT_LANE_MAX_SEQ ? "long" : "short";
}

/** Padding a batch may carry beyond `PADDING_SLACK` tokens, as a share of what the model computes (rows × longest). */
export const MAX_PADDING_SHARE = 0.2;
/** Padding tokens that are always acceptable: cheaper than another inference call. */
export const PADDING_SLACK = 64;
/**
 * Batches up to this many computed tokens (rows × longest) take any padding: below it the GEMMs are too small to use
 * the cores well (measured on the full-size replica: one 13-token text runs at about half the speed per token of 16
 * such texts in one batch), so one padded run beats several tight ones.
 */
export const SMALL_BATCH_TOKENS = 256;

/**
 * Whether a text of `len` tokens may join a batch of texts with `lengths` tokens: rows within `maxRows`, rows × longest
 * within `maxTokens`, and padding (rows × longest − real tokens) within PADDING_SLACK tokens or MAX_PADDING_SHARE of
 * rows × longest, or the whole batch within SMALL_BATCH_TOKENS, and its working memory within the budget. Mixed lengths so become several tight batches instead of one padded to the longest text, which on
 * a CPU costs more than the extra inference calls save (padding is pure waste there, and attention grows with the
 * square of the padded length).
 */
export function fitsBatch(lengths: readonly number[], len: number, limits: BatchLimits): boolean {
  const rows = lengths.length + 1;
  const longest = Math.max(len, ...lengths);
  const computed = rows * longest;
  const padding = computed - lengths.reduce((s, l) => s + l, len);
  return (
    rows <= limits.maxRows &&
    computed <= limits.maxTokens &&
    (!limits.memory || limits.memory.bytesOf(rows, longest) <= limits.memory.budgetBytes) &&
    (computed <= SMALL_BATCH_TOKENS || padding <= PADDING_SLACK || padding <= MAX_PADDING_SHARE * computed)
  );
}

/** Length-sorted batches (longest first, stable) of one set of texts, each grown while `fitsBatch` allows. */
export function planBatches(lengths: readonly number[], limits: BatchLimits): BatchPlan[] {
  const order = lengths.map((_, i) => i).sort((x, y) => lengths[y]! - lengths[x]! || x - y);
  const plans: BatchPlan[] = [];
  let current: { plan: BatchPlan; lengths: number[] } | null = null;
  for (const i of order) {
    const len = lengths[i]!;
    if (current && fitsBatch(current.lengths, len, limits)) {
      current.plan.indices.push(i);
      current.lengths.push(len);
    } else {
      current = { plan: { indices: [i], seq: len }, lengths: [len] };
      plans.push(current.plan);
    }
  }
  return plans;
}
