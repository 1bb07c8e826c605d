/**
 * The spread of an N×N score matrix's pairs, for choosing a near-duplicate threshold: each pair i < j scores the
 * lower of its two directions (the one `nearDuplicateGroups` must see reach the threshold), binned over a range of
 * tenths that holds every score and the threshold.
 */

/** Each pair's score, min(score[i][j], score[j][i]), for i < j in row order. */
export function pairScores(matrix: ArrayLike<number>, n: number): Float64Array {
  if (matrix.length !== n * n) throw new RangeError(`matrix has ${matrix.length} cells, expected ${n}×${n}`);
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) out[k++] = Math.min(matrix[i * n + j]!, matrix[j * n + i]!);
  }
  return out;
}

export interface Histogram {
  /** The range's ends; bin b covers [lo + b·width, lo + (b+1)·width), the last one its upper end too. */
  lo: number;
  hi: number;
  width: number;
  counts: number[];
}

/** `values` in `bins` equal bins over the tenths that hold them and every number of `alsoShow`. */
export function histogram(values: ArrayLike<number>, bins: number, alsoShow: readonly number[] = []): Histogram {
  const finite = [...Array.from(values), ...alsoShow].filter(Number.isFinite);
  const lo = finite.length ? Math.floor(Math.min(...finite) * 10) / 10 : 0;
  let hi = finite.length ? Math.ceil(Math.max(...finite) * 10) / 10 : 1;
  if (hi <= lo) hi = lo + 0.1;
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))]!++;
  }
  return { lo, hi, width, counts };
}
