/** Groups texts into length-sorted batches under a token budget, so padding stays small. */

export interface BatchPlan {
  /** Indices into the input, longest first within the whole plan. */
  indices: number[];
  /** Padded length of this batch (its longest text). */
  seq: number;
}

export interface BatchLimits {
  /** Upper bound on batch rows × padded length. A single text longer than this still gets a batch of its own. */
  maxTokens: number;
  maxRows: number;
}

/** Sorts by token count, longest first (stable), then fills batches while rows × longest ≤ maxTokens. */
export function planBatches(lengths: readonly number[], limits: BatchLimits): BatchPlan[] {
  const order = lengths.map((_, i) => i).sort((x, y) => lengths[y]! - lengths[x]! || x - y);
  const plans: BatchPlan[] = [];
  let current: BatchPlan | null = null;
  for (const i of order) {
    const len = lengths[i]!;
    const fits =
      current !== null &&
      current.indices.length < limits.maxRows &&
      (current.indices.length + 1) * current.seq <= limits.maxTokens;
    if (fits && current) {
      current.indices.push(i);
    } else {
      current = { indices: [i], seq: len };
      plans.push(current);
    }
  }
  return plans;
}
