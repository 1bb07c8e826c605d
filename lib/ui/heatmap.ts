/**
 * Pure helpers for the MaxSim heatmap: the matrix as a flat grid with its range and row maxima, block
 * aggregation for large matrices, and the colour scale. No DOM here.
 */

/** A MaxSim matrix, row-major, with its value range and each row's best column. */
export interface HeatGrid {
  rows: number;
  cols: number;
  data: Float64Array;
  min: number;
  max: number;
  /** Column of each row's maximum (-1 for an empty row). */
  rowMaxCol: Int32Array;
}

/** Flattens the API's `maxsim` rows. Ragged rows are padded with their own minimum so nothing throws. */
export function toGrid(maxsim: readonly (readonly number[])[]): HeatGrid {
  const rows = maxsim.length;
  let cols = 0;
  for (const r of maxsim) if (r.length > cols) cols = r.length;
  const data = new Float64Array(rows * cols);
  const rowMaxCol = new Int32Array(rows).fill(-1);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < rows; i++) {
    const row = maxsim[i]!;
    let best = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) {
      const v = j < row.length && Number.isFinite(row[j]) ? row[j]! : Number.NaN;
      data[i * cols + j] = v;
      if (Number.isNaN(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v > best) {
        best = v;
        rowMaxCol[i] = j;
      }
    }
  }
  if (!Number.isFinite(min)) [min, max] = [0, 1];
  return { rows, cols, data, min, max, rowMaxCol };
}

/** A grid reduced to at most `maxBins` blocks per side; each block keeps its largest cell and where it is. */
export interface BinnedGrid {
  rows: number;
  cols: number;
  rowsPerBin: number;
  colsPerBin: number;
  data: Float64Array;
  argRow: Int32Array;
  argCol: Int32Array;
  /** Bin column of each bin row's maximum. */
  rowMaxCol: Int32Array;
}

/**
 * Aggregates by maximum, which is what MaxSim itself takes, so a row's best match survives the reduction.
 * With rowsPerBin = colsPerBin = 1 the result is the grid itself. O(rows × cols).
 */
export function binGrid(g: HeatGrid, maxBins: number): BinnedGrid {
  const rowsPerBin = Math.max(1, Math.ceil(g.rows / maxBins));
  const colsPerBin = Math.max(1, Math.ceil(g.cols / maxBins));
  const rows = Math.ceil(g.rows / rowsPerBin);
  const cols = Math.ceil(g.cols / colsPerBin);
  const data = new Float64Array(rows * cols).fill(Number.NEGATIVE_INFINITY);
  const argRow = new Int32Array(rows * cols).fill(-1);
  const argCol = new Int32Array(rows * cols).fill(-1);
  for (let i = 0; i < g.rows; i++) {
    const bi = Math.floor(i / rowsPerBin);
    for (let j = 0; j < g.cols; j++) {
      const v = g.data[i * g.cols + j]!;
      const k = bi * cols + Math.floor(j / colsPerBin);
      if (v > data[k]!) {
        data[k] = v;
        argRow[k] = i;
        argCol[k] = j;
      }
    }
  }
  const rowMaxCol = new Int32Array(rows).fill(-1);
  for (let bi = 0; bi < rows; bi++) {
    let best = Number.NEGATIVE_INFINITY;
    for (let bj = 0; bj < cols; bj++) {
      const v = data[bi * cols + bj]!;
      if (v > best) {
        best = v;
        rowMaxCol[bi] = bj;
      }
    }
  }
  return { rows, cols, rowsPerBin, colsPerBin, data, argRow, argCol, rowMaxCol };
}

/** Colour stops from low to high similarity: near-white through indigo to a deep violet. */
const STOPS: readonly [number, number, number][] = [
  [246, 247, 255],
  [224, 231, 255],
  [165, 180, 252],
  [99, 102, 241],
  [67, 56, 202],
  [46, 16, 101],
];

/** The colour for t in [0, 1] (clamped), interpolated linearly between the stops. */
export function heatRgb(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

export function heatCss(t: number): string {
  const [r, g, b] = heatRgb(t);
  return `rgb(${r} ${g} ${b})`;
}

/** The CSS gradient of the whole scale, for the legend. */
export function heatGradientCss(): string {
  return `linear-gradient(to right, ${STOPS.map(([r, g, b]) => `rgb(${r} ${g} ${b})`).join(", ")})`;
}

/** Position of v within [min, max] as 0..1 (0.5 when the range is empty). */
export function unit(v: number, min: number, max: number): number {
  return max > min ? (v - min) / (max - min) : 0.5;
}
