/**
 * N×N score matrices for many texts: every text against every other under each mode, and their hybrid.
 * Row i is text i as the query, column j text j as the document. Dense and sparse are symmetric; ColBERT is not
 * (colbert[i][j] averages over text i's tokens), so neither is a hybrid that gives ColBERT any weight.
 */
import { normaliseWeights } from "./hybrid";
import type { HybridWeights, MultiVector } from "./types";

/** The three per-mode matrices of n texts, row-major (cell i·n + j is text i against text j). */
export interface ModeMatrices {
  n: number;
  dense: Float64Array;
  sparse: Float64Array;
  colbert: Float64Array;
}

/**
 * ColBERT scores of a against b and of b against a from one pass over their token dot products: each dot a_r·b_c
 * feeds both a's row maximum r and b's column maximum c, so the pair costs rows·cols·dim once, and no MaxSim matrix is
 * stored. Each dot is rounded to float32 as `maxSimMatrix` stores it, so `ab` equals `colbertScore(a, b)` exactly.
 * A side without vectors scores 0 both ways, like `colbertScoreFromMatrix`.
 */
export function colbertBothWays(a: MultiVector, b: MultiVector): { ab: number; ba: number } {
  if (a.dim !== b.dim) throw new RangeError(`ColBERT dimensions differ: ${a.dim} vs ${b.dim}`);
  if (a.rows === 0 || b.rows === 0) return { ab: 0, ba: 0 };
  const { dim } = a;
  const colMax = new Float64Array(b.rows).fill(Number.NEGATIVE_INFINITY);
  let rowSum = 0;
  for (let r = 0; r < a.rows; r++) {
    const ar = r * dim;
    let rowMax = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < b.rows; c++) {
      const bc = c * dim;
      let s = 0;
      for (let k = 0; k < dim; k++) s += a.data[ar + k]! * b.data[bc + k]!;
      const v = Math.fround(s);
      if (v > rowMax) rowMax = v;
      if (v > colMax[c]!) colMax[c] = v;
    }
    rowSum += rowMax;
  }
  let colSum = 0;
  for (let c = 0; c < b.rows; c++) colSum += colMax[c]!;
  return { ab: rowSum / a.rows, ba: colSum / b.rows };
}

/**
 * The hybrid matrix for weights w: each cell (w_d·dense + w_s·sparse + w_c·colbert) / (w_d + w_s + w_c), as
 * `hybridScore`. O(n²); meant to run in the browser on every slider move. Writes into `out` when given.
 */
export function hybridMatrix(m: ModeMatrices, w: HybridWeights, out = new Float64Array(m.n * m.n)): Float64Array {
  const { dense: d, sparse: s, colbert: c } = normaliseWeights(w);
  for (let i = 0; i < out.length; i++) out[i] = d * m.dense[i]! + s * m.sparse[i]! + c * m.colbert[i]!;
  return out;
}
