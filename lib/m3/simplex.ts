import type { HybridWeights } from "./types";

/** The finest grid the tuner accepts: step 0.01, 5,151 points. */
export const MAX_SIMPLEX_DIVISIONS = 100;

/**
 * How many equal parts a step cuts [0, 1] into: 1/step, which must be a whole number from 1 to 100
 * (0.1 → 10, 0.05 → 20, 0.25 → 4). Throws a RangeError for a step that does not divide 1 (0.3) or is out of range.
 * A tolerance of 1e-9 accepts steps typed as decimals (1 / 0.05 is 20.000000000000004 in binary).
 */
export function simplexDivisions(step: number): number {
  if (!Number.isFinite(step) || step <= 0 || step > 1) throw new RangeError(`step must be in (0, 1], got ${step}`);
  const n = Math.round(1 / step);
  if (Math.abs(n * step - 1) > 1e-9)
    throw new RangeError(`step must divide 1 exactly (1/step a whole number), got ${step}`);
  if (n > MAX_SIMPLEX_DIVISIONS)
    throw new RangeError(`step must be at least ${1 / MAX_SIMPLEX_DIVISIONS}, got ${step}`);
  return n;
}

/** Number of points of the grid with n divisions: (n+1)(n+2)/2 (66 at step 0.1, 231 at step 0.05). */
export function simplexSize(n: number): number {
  return ((n + 1) * (n + 2)) / 2;
}

/**
 * Every (α dense, β sparse, γ ColBERT) with α + β + γ = 1 and each a multiple of `step`, in the tuner's tie-breaking
 * order: dense weight descending, then sparse weight descending. The first point is (1, 0, 0), the last (0, 0, 1).
 *
 * Weights are built from whole counts (i/n, j/n, k/n with i + j + k = n), never by adding steps, so there is no
 * floating drift: at step 0.1 the weights are exactly the doubles 0.3, 0.7…, not 0.30000000000000004.
 */
export function simplexGrid(step: number): HybridWeights[] {
  const n = simplexDivisions(step);
  const out: HybridWeights[] = [];
  for (let i = n; i >= 0; i--) {
    for (let j = n - i; j >= 0; j--) out.push({ dense: i / n, sparse: j / n, colbert: (n - i - j) / n });
  }
  return out;
}
