/** Groups texts into length-sorted batches under a token budget, so padding stays small. */
import type { Lane } from "./session";
import type { OneStep } from "./step-sizes.mjs";

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
  /** Batches padded to at most `maxSeq` tokens run in one step, so they hold at most `maxTokens` (rows × longest). */
  oneStep?: OneStep;
}

/** Padded lengths above this run in the inference thread's long lane, which short work may interleave with. */
export const SHORT_LANE_MAX_SEQ = 512;

/** The scheduler lane of a batch padded to `seq` tokens. */
export function laneOf(seq: number): Lane {
  return seq > SHORT_LANE_MAX_SEQ ? "long" : "short";
}

/**
 * A run's fixed cost in tokens' worth of compute: below a few hundred rows the GEMMs do not use the cores fully, and
 * every run has its per-operator overheads. On the full-size replica one 13-token text ran at about half the speed per
 * token of 16 such texts in one batch, which puts it at about 16 tokens.
 */
export const RUN_COST_TOKENS = 16;
/**
 * Attention's cost per token grows with the padded length: QKᵀ and the product with V read 2 × hidden values per
 * key, against the 4 × hidden² + 2 × hidden × intermediate of a layer's weights, so a token costs 1 + seq / 6,144
 * tokens' worth (bge-m3: hidden 1,024, intermediate 4,096).
 */
export const ATTENTION_TOKENS = 6144;

/** What a batch of `rows` texts padded to `seq` tokens costs, in tokens' worth of compute. Padding costs as much as text. */
export function batchCost(rows: number, seq: number): number {
  return rows * seq * (1 + seq / ATTENTION_TOKENS) + RUN_COST_TOKENS;
}

/**
 * Whether `rows` texts padded to `seq` tokens may run as one batch: rows within `maxRows`, rows × longest within
 * `maxTokens` (and within `oneStep.maxTokens` for a batch that runs in one step), and the working memory within the
 * budget. A single text always may; a long-lane text only alone: each of its steps already holds enough tokens to
 * keep the cores busy, so company would only delay both answers (on the full-size replica, two 2,048-token texts
 * took 8% longer in one batch than one after the other).
 */
export function withinLimits(rows: number, seq: number, limits: BatchLimits): boolean {
  if (rows === 1) return true;
  if (laneOf(seq) === "long") return false;
  const { oneStep } = limits;
  const maxTokens = oneStep && seq <= oneStep.maxSeq ? Math.min(limits.maxTokens, oneStep.maxTokens) : limits.maxTokens;
  return (
    rows <= limits.maxRows &&
    rows * seq <= maxTokens &&
    (!limits.memory || limits.memory.bytesOf(rows, seq) <= limits.memory.budgetBytes)
  );
}

/**
 * Length-sorted batches (longest first, stable) of one set of texts, of the least total `batchCost` within the
 * limits: each batch is a run of neighbours in length order, and the best cut into runs is found exactly, by dynamic
 * programming over the sorted lengths (at most `maxRows` candidates per text). So padding is taken only where it
 * costs less than the runs it saves, and short texts share a run while long ones of unlike length do not.
 */
export function planBatches(lengths: readonly number[], limits: BatchLimits): BatchPlan[] {
  const order = lengths.map((_, i) => i).sort((x, y) => lengths[y]! - lengths[x]! || x - y);
  const sorted = order.map((i) => lengths[i]!);
  const n = sorted.length;
  // best[i]: least cost of the first i sorted texts; from[i]: where the last batch of that plan starts.
  const best = new Float64Array(n + 1);
  const from = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    best[i] = Number.POSITIVE_INFINITY;
    for (let j = i - 1; j >= 0 && (i - j === 1 || withinLimits(i - j, sorted[j]!, limits)); j--) {
      const cost = best[j]! + batchCost(i - j, sorted[j]!);
      if (cost < best[i]!) {
        best[i] = cost;
        from[i] = j;
      }
    }
  }
  const plans: BatchPlan[] = [];
  for (let i = n; i > 0; i = from[i]!) plans.push({ indices: order.slice(from[i], i), seq: sorted[from[i]!]! });
  return plans.reverse();
}
