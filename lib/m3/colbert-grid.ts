/**
 * ColBERT scores of many query texts against many other texts from one MaxSim product: every query's vectors stacked
 * into one matrix, every other text's into another, one [Σ query tokens, Σ other tokens] product (in row slices, to
 * bound memory), then each (query, text) block reduced as `colbertScoreFromMatrix` reduces a pair's own matrix. One
 * large GEMM instead of a small one, or a JavaScript loop, per pair.
 */
import type { MaxSimMatrix, MultiVector } from "./types";

/** Texts' vectors stacked in order, and where each text's rows begin: text t holds rows [starts[t], starts[t + 1]). */
export interface StackedVectors {
  vectors: MultiVector;
  starts: Int32Array;
}

export function stackVectors(texts: readonly MultiVector[], dim: number): StackedVectors {
  const starts = new Int32Array(texts.length + 1);
  for (const [t, v] of texts.entries()) {
    if (v.dim !== dim) throw new RangeError(`ColBERT dimensions differ: ${v.dim} vs ${dim}`);
    starts[t + 1] = starts[t]! + v.rows;
  }
  const data = new Float32Array(starts[texts.length]! * dim);
  for (const [t, v] of texts.entries()) data.set(v.data, starts[t]! * dim);
  return { vectors: { rows: starts[texts.length]!, dim, data }, starts };
}

/**
 * Adds each row's best match in every text of `cols` to its query's sum: for a `slice` holding rows
 * [firstRow, firstRow + slice.rows) of the stacked queries, sums[q · texts + t] += max over t's columns of the row,
 * rows in order, as `colbertScoreFromMatrix` sums them. A text without columns gets nothing.
 */
export function addBlockRowMaxima(
  slice: MaxSimMatrix,
  firstRow: number,
  rows: Int32Array,
  cols: Int32Array,
  sums: Float64Array,
): void {
  const texts = cols.length - 1;
  let q = 0;
  for (let i = 0; i < slice.rows; i++) {
    const r = firstRow + i;
    while (rows[q + 1]! <= r) q++;
    const row = i * slice.cols;
    for (let t = 0; t < texts; t++) {
      const end = cols[t + 1]!;
      if (cols[t] === end) continue;
      let best = Number.NEGATIVE_INFINITY;
      for (let c = cols[t]!; c < end; c++) {
        const v = slice.data[row + c]!;
        if (v > best) best = v;
      }
      sums[q * texts + t]! += best;
    }
  }
}

/** The sums divided by each query's rows: ColBERT scores [query][text], 0 where either side has no vectors. */
export function blockMeans(sums: Float64Array, rows: Int32Array, cols: Int32Array): Float64Array[] {
  const texts = cols.length - 1;
  return Array.from({ length: rows.length - 1 }, (_, q) => {
    const n = rows[q + 1]! - rows[q]!;
    return Float64Array.from({ length: texts }, (_, t) =>
      n === 0 || cols[t] === cols[t + 1] ? 0 : sums[q * texts + t]! / n,
    );
  });
}

/** Rows `from` to `to` of a matrix of vectors, copied, so that only they travel to the inference thread. */
const rowRange = (m: MultiVector, from: number, to: number): MultiVector => ({
  rows: to - from,
  dim: m.dim,
  data: m.data.slice(from * m.dim, to * m.dim),
});

/** Cells per MaxSim product slice: 2²⁴ float32 cells, 64 MB. */
export const GRID_SLICE_CELLS = 1 << 24;

export interface ColbertGridOptions {
  /** Most cells per product (default GRID_SLICE_CELLS); at least one row per product. */
  sliceCells?: number;
  /** Awaited after each slice: yields to the event loop, or throws to stop. */
  afterSlice?: () => Promise<void>;
}

/**
 * ColBERT score of each query (the query side) against each text, `[query][text]`: for a query's vectors q_i and a
 * text's d_j, (1/N_q) Σ_i max_j q_i·d_j, equal to `colbertScoreFromMatrix(maxSim(query, text))` for cells `maxSim`
 * computes alike. `maxSim` gets row slices of the stacked queries against all the texts' stacked vectors.
 */
export async function colbertGrid(
  queries: readonly MultiVector[],
  texts: readonly MultiVector[],
  maxSim: (a: MultiVector, b: MultiVector) => Promise<MaxSimMatrix>,
  { sliceCells = GRID_SLICE_CELLS, afterSlice }: ColbertGridOptions = {},
): Promise<Float64Array[]> {
  const dim = queries[0]?.dim ?? texts[0]?.dim ?? 0;
  const q = stackVectors(queries, dim);
  const t = stackVectors(texts, dim);
  const sums = new Float64Array(queries.length * texts.length);
  const step = Math.max(1, Math.floor(sliceCells / Math.max(1, t.vectors.rows)));
  if (t.vectors.rows > 0) {
    for (let from = 0; from < q.vectors.rows; from += step) {
      const to = Math.min(q.vectors.rows, from + step);
      const slice = await maxSim(rowRange(q.vectors, from, to), t.vectors);
      addBlockRowMaxima(slice, from, q.starts, t.starts, sums);
      await afterSlice?.();
    }
  }
  return blockMeans(sums, q.starts, t.starts);
}
