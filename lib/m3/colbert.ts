import type { MaxSimMatrix, MultiVector } from "./types";

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
      let s = 0;
      for (let k = 0; k < dim; k++) s += a.data[ai + k]! * b.data[bj + k]!;
      data[i * b.rows + j] = s;
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

/** ColBERT score of text a (query side) against text b. Not symmetric. */
export function colbertScore(a: MultiVector, b: MultiVector): number {
  return colbertScoreFromMatrix(maxSimMatrix(a, b));
}
