import { type BlockMaxima, blockMaxima } from "@/lib/m3/block-max";

/**
 * The one data model behind every heatmap (the compare page's MaxSim tokens, the matrix page's texts): a row-major
 * grid of values, the range its colours span, and which cells are marked. Pure: no DOM here. A grid too large to draw
 * cell by cell is reduced by `binGrid` to blocks that keep their largest cell, which is also what the overview of an
 * omitted matrix draws.
 */

/** Which cells carry a mark: each row's maximum (MaxSim's best match) or the diagonal (a text against itself). */
export type HeatMarks = "row-best" | "diagonal";

export interface HeatGrid {
  rows: number;
  cols: number;
  /** Row-major values; NaN where a cell has none. */
  data: Float64Array | Float32Array;
  /** The colour scale's ends: over every value, or every value off the diagonal when the diagonal is marked. */
  min: number;
  max: number;
  marks: HeatMarks;
  /** Column of each row's maximum (-1 for an empty row). */
  rowMaxCol: Int32Array;
}

/** The grid over `data` (rows × cols, row-major), with its range and row maxima. An empty range becomes [0, 1]. */
export function heatGrid(rows: number, cols: number, data: HeatGrid["data"], marks: HeatMarks): HeatGrid {
  const rowMaxCol = new Int32Array(rows).fill(-1);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < rows; i++) {
    let best = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j]!;
      if (Number.isNaN(v)) continue;
      if (v > best) {
        best = v;
        rowMaxCol[i] = j;
      }
      if (marks === "diagonal" && i === j) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!Number.isFinite(min)) [min, max] = [0, 1];
  return { rows, cols, data, min, max, marks, rowMaxCol };
}

/** A MaxSim matrix as flat cells, row after row (the API's `maxsim_base64`, decoded). */
export interface MaxSimCells {
  rows: number;
  cols: number;
  data: Float32Array;
}

/** Rows as flat cells, as wide as the longest row; a ragged row's missing cells and non-numbers are NaN. */
function flatCells(maxsim: readonly (readonly number[])[]): { rows: number; cols: number; data: Float64Array } {
  const rows = maxsim.length;
  const cols = maxsim.reduce((most, r) => Math.max(most, r.length), 0);
  const data = new Float64Array(rows * cols).fill(Number.NaN);
  maxsim.forEach((row, i) => {
    row.forEach((v, j) => {
      if (typeof v === "number") data[i * cols + j] = v;
    });
  });
  return { rows, cols, data };
}

/**
 * The API's MaxSim matrix, as `maxsim` rows or as decoded cells, as a grid with each row's best match marked. Ragged
 * rows and non-finite values leave NaN gaps; the cells are used in place.
 */
export function maxSimGrid(maxsim: readonly (readonly number[])[] | MaxSimCells): HeatGrid {
  const { rows, cols, data } = "data" in maxsim ? maxsim : flatCells(maxsim);
  for (let k = 0; k < data.length; k++) if (!Number.isFinite(data[k]!)) data[k] = Number.NaN;
  return heatGrid(rows, cols, data, "row-best");
}

/** An n×n score matrix (row = query text, column = document text) with its diagonal marked. */
export function matrixGrid(values: Float64Array, n: number): HeatGrid {
  return heatGrid(n, n, values, "diagonal");
}

/** Whether cell (r, c) carries the grid's mark. */
export function isMarked(g: HeatGrid, r: number, c: number): boolean {
  return g.marks === "diagonal" ? r === c : g.rowMaxCol[r] === c;
}

/** A grid reduced to blocks; each block holds its largest cell's value and where that cell is in the source grid. */
export interface BinnedGrid extends HeatGrid {
  rowsPerBin: number;
  colsPerBin: number;
  /** Source row and column of each block's largest cell (-1 for a block of gaps). */
  argRow: Int32Array;
  argCol: Int32Array;
}

/**
 * Reduces `g` to at most `maxBins` blocks per side, by maximum, which is what MaxSim itself takes, so a row's best
 * match survives the reduction. The range stays the source's. With one cell per block the values are the grid's own.
 * O(rows × cols).
 */
export function binGrid(g: HeatGrid, maxBins: number): BinnedGrid {
  const b = blockMaxima(g.rows, g.cols, g.data, maxBins);
  return binnedGrid(b, g.marks, g.min, g.max);
}

/** Blocks as a grid to draw, with the colour range of the grid they came from. */
export function binnedGrid(b: BlockMaxima, marks: HeatMarks, min: number, max: number): BinnedGrid {
  const binned = heatGrid(b.rows, b.cols, b.data, marks);
  return {
    ...binned,
    min,
    max,
    rowsPerBin: b.rowsPerBlock,
    colsPerBin: b.colsPerBlock,
    argRow: b.argRow,
    argCol: b.argCol,
  };
}

/**
 * The server's overview of an omitted MaxSim matrix (block maxima, `rowsPerBlock` × `colsPerBlock` cells each) as a
 * grid to draw. Where each block's maximum lies is not sent, so a block points at its first cell.
 */
export function overviewGrid(
  blocks: readonly (readonly number[])[],
  rowsPerBlock: number,
  colsPerBlock: number,
): BinnedGrid {
  const g = maxSimGrid(blocks);
  const argRow = new Int32Array(g.rows * g.cols);
  const argCol = new Int32Array(g.rows * g.cols);
  for (let k = 0; k < argRow.length; k++) {
    argRow[k] = Math.floor(k / g.cols) * rowsPerBlock;
    argCol[k] = (k % g.cols) * colsPerBlock;
  }
  return { ...g, rowsPerBin: rowsPerBlock, colsPerBin: colsPerBlock, argRow, argCol };
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

/** Black or white, whichever contrasts more with the colour for t: text on a cell stays readable (WCAG luminance). */
export function heatInk(t: number): "#000" | "#fff" {
  const [r, g, b] = heatRgb(t).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Equal contrast with both inks where (L + 0.05)² = 1.05 × 0.05.
  return luminance > 0.179 ? "#000" : "#fff";
}

/** The CSS gradient of the whole scale, for the legend. */
export function heatGradientCss(): string {
  return `linear-gradient(to right, ${STOPS.map(([r, g, b]) => `rgb(${r} ${g} ${b})`).join(", ")})`;
}

/** Position of v within [min, max] as 0..1 (0.5 when the range is empty). */
export function unit(v: number, min: number, max: number): number {
  return max > min ? (v - min) / (max - min) : 0.5;
}
