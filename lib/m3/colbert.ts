import type { MaxSimMatrix, MultiVector } from "./types";
import { dot } from "./vector";

/**
 * All dot products between text a's ColBERT vectors (rows) and text b's (columns).
 * Vectors are L2-normalised, so each cell is a cosine in [-1, 1].
 */
export function maxSimMatrix(a: MultiVector, b: MultiVector): MaxSimMatrix {
  if (a.dim !== b.dim) throw new RangeError(`ColBERT dimensions differ: ${a.dim} vs ${b.dim}`);
  const { dim } = a;
  const data = new Float32Array(a.rows * b.rows);
  for (let i = 0; i < a.rows; i++) {
    const ai = i * dim;
    for (let j = 0; j < b.rows; j++) {
      const bj = j * dim;
      data[i * b.rows + j] = dot(a.data, b.data, ai, bj, dim);
    }
  }
  return { rows: a.rows, cols: b.rows, data };
}

/** For each row, the largest cell and its column (-1 for an empty row). */
export function rowMaxima(m: MaxSimMatrix): { value: number; col: number }[] {
  const out: { value: number; col: number }[] = [];
  for (let i = 0; i < m.rows; i++) {
    let value = Number.NEGATIVE_INFINITY;
    let col = -1;
    for (let j = 0; j < m.cols; j++) {
      const v = m.data[i * m.cols + j]!;
      if (v > value) {
        value = v;
        col = j;
      }
    }
    out.push({ value, col });
  }
  return out;
}

/**
 * ColBERT (multi-vector) score from a MaxSim matrix: the mean over text a's vectors of the best match in text b,
 * s = (1/N_a) Σ_i max_j a_i·b_j (FlagEmbedding `colbert_score`). Returns 0 when either side has no vectors.
 */
export function colbertScoreFromMatrix(m: MaxSimMatrix): number {
  if (m.rows === 0 || m.cols === 0) return 0;
  let sum = 0;
  for (const { value } of rowMaxima(m)) sum += value;
  return sum / m.rows;
}

/** ColBERT score of text a (query side) against text b, without storing their MaxSim matrix. Not symmetric. */
export function colbertScore(a: MultiVector, b: MultiVector): number {
  return colbertBothWays(a, b).ab;
}

/**
 * ColBERT scores of a against b and of b against a from one pass over their token dot products: each dot a_r·b_c
 * feeds both a's row maximum r and b's column maximum c, so the pair costs rows·cols·dim once, and no MaxSim matrix is
 * stored. Each dot is rounded to float32 as `maxSimMatrix` stores it, so `ab` equals `colbertScoreFromMatrix(maxSimMatrix(a, b))`.
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
      const v = Math.fround(dot(a.data, b.data, ar, bc, dim));
      if (v > rowMax) rowMax = v;
      if (v > colMax[c]!) colMax[c] = v;
    }
    rowSum += rowMax;
  }
  let colSum = 0;
  for (let c = 0; c < b.rows; c++) colSum += colMax[c]!;
  return { ab: rowSum / a.rows, ba: colSum / b.rows };
}
