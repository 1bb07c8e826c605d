import type { HybridWeights, ModeScores } from "./types";

/** FlagEmbedding README's weights for `compute_score` (dense 0.4, sparse 0.2, ColBERT 0.4). */
export const DEFAULT_WEIGHTS: Readonly<HybridWeights> = Object.freeze({ dense: 0.4, sparse: 0.2, colbert: 0.4 });

/** True when every weight is finite and ≥ 0 and their sum is > 0. */
export function isValidWeights(w: HybridWeights): boolean {
  const values = [w.dense, w.sparse, w.colbert];
  return values.every((v) => Number.isFinite(v) && v >= 0) && values.reduce((s, v) => s + v, 0) > 0;
}

/**
 * Weights divided by their sum, so they add up to 1. They are first divided by the largest, so the sum neither
 * overflows (1e308 each) nor loses the weights to underflow (5e-324 each): every positive finite triple gives
 * compute_score's (α·dense + β·sparse + γ·colbert) / (α + β + γ). Throws on negative, non-finite or all-zero weights.
 */
export function normaliseWeights(w: HybridWeights): HybridWeights {
  if (!isValidWeights(w)) throw new RangeError("hybrid weights must be finite, non-negative and not all zero");
  const largest = Math.max(w.dense, w.sparse, w.colbert);
  const d = w.dense / largest;
  const s = w.sparse / largest;
  const c = w.colbert / largest;
  const sum = d + s + c;
  return { dense: d / sum, sparse: s / sum, colbert: c / sum };
}

/**
 * Hybrid score, as FlagEmbedding's `compute_score` 'colbert+sparse+dense':
 * (w_d·s_dense + w_s·s_sparse + w_c·s_colbert) / (w_d + w_s + w_c).
 */
export function hybridScore(s: ModeScores, w: HybridWeights): number {
  const n = normaliseWeights(w);
  return n.dense * s.dense + n.sparse * s.sparse + n.colbert * s.colbert;
}

/** Per-mode scores of many pairs, one column per mode (cell i is pair i), so loops read typed arrays. */
export interface ModeColumns {
  dense: Float64Array;
  sparse: Float64Array;
  colbert: Float64Array;
}

/**
 * `hybridScore` of every cell of `cols`, the weights normalised once. O(n); the tuner runs it for each grid point and
 * the matrix page on every slider move. Writes into `out` when given.
 */
export function hybridScores(cols: ModeColumns, w: HybridWeights, out = new Float64Array(cols.dense.length)) {
  const { dense: d, sparse: s, colbert: c } = normaliseWeights(w);
  for (let i = 0; i < out.length; i++) out[i] = d * cols.dense[i]! + s * cols.sparse[i]! + c * cols.colbert[i]!;
  return out;
}

/**
 * FlagEmbedding's 'sparse+dense': (w_s·s_sparse + w_d·s_dense) / (w_s + w_d), i.e. the hybrid with ColBERT's weight
 * set to 0; null when both weights are 0.
 */
export function sparseDenseScore(s: ModeScores, w: HybridWeights): number | null {
  return w.sparse + w.dense > 0 ? hybridScore(s, { ...w, colbert: 0 }) : null;
}

/** Every score `compute_score` returns for one pair, plus `hybrid` (= 'colbert+sparse+dense'). */
export interface CombinedScores extends ModeScores {
  hybrid: number;
  "sparse+dense": number | null;
  "colbert+sparse+dense": number;
}

export function combineScores(s: ModeScores, w: HybridWeights): CombinedScores {
  const hybrid = hybridScore(s, w);
  return { ...s, hybrid, "sparse+dense": sparseDenseScore(s, w), "colbert+sparse+dense": hybrid };
}
