/**
 * Drawing a heatmap on a canvas, without React: cell sizes for the space there is, one image of the (binned) grid with
 * its marks, and scrolling a cell into view. Any reduced grid draws the same way, so an overview of a long text could
 * reuse `drawHeat` on a coarser `binGrid`.
 */
import { type BinnedGrid, heatRgb, unit } from "@/lib/ui/heatmap";

/** The drawn image never exceeds this many CSS pixels per side. */
const MAX_SIDE_PX = 8000;
const LABEL_W = 112;
/** Largest edge of a square cell: a matrix of few texts stays compact. */
const SQUARE_MAX_PX = 18;

export interface CanvasLayout {
  labelW: number;
  cellW: number;
  cellH: number;
  /** The drawn image's size in CSS pixels. */
  w: number;
  h: number;
  rowLabels: boolean;
  colLabels: boolean;
  /** Row labels' font size in CSS pixels. */
  font: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/** Row labels smaller than this cannot be read: the cells take their room, and the tooltip names the lines. */
const MIN_LABEL_FONT_PX = 10;

/**
 * Cell sizes for the container's width: labels only where one block is one row (column) and there is room for them
 * at a readable size.
 */
export function layoutFor(bins: BinnedGrid, width: number, square: boolean): CanvasLayout {
  const labelled = cellsFor(bins, width, square, bins.rowsPerBin === 1);
  return labelled.rowLabels && labelled.font < MIN_LABEL_FONT_PX ? cellsFor(bins, width, square, false) : labelled;
}

function cellsFor(bins: BinnedGrid, width: number, square: boolean, rowLabels: boolean): CanvasLayout {
  const labelW = rowLabels ? LABEL_W : 0;
  const widest = Math.min(square ? SQUARE_MAX_PX : 40, Math.floor(MAX_SIDE_PX / bins.cols));
  const cellW = clamp(Math.floor((width - labelW) / bins.cols), 3, widest);
  const tallest = Math.min(28, Math.floor(420 / bins.rows), Math.floor(MAX_SIDE_PX / bins.rows));
  const cellH = square ? cellW : Math.max(rowLabels ? 16 : 3, tallest);
  return {
    labelW,
    cellW,
    cellH,
    w: bins.cols * cellW,
    h: bins.rows * cellH,
    rowLabels,
    colLabels: bins.colsPerBin === 1 && cellW >= 14,
    font: clamp(cellH - 2, 7, 12),
  };
}

/** The block under a pointer event on the canvas, or null outside the drawn blocks. */
export function blockAt(
  e: { clientX: number; clientY: number; currentTarget: Element },
  at: CanvasLayout,
  bins: { rows: number; cols: number },
): { row: number; col: number } | null {
  const rect = e.currentTarget.getBoundingClientRect();
  const col = Math.floor((e.clientX - rect.left) / at.cellW);
  const row = Math.floor((e.clientY - rect.top) / at.cellH);
  return row >= 0 && row < bins.rows && col >= 0 && col < bins.cols ? { row, col } : null;
}

/** Scrolls `scroller` so the cell at (x, y) is in view, centring it when it was out of view. */
export function scrollToCell(scroller: HTMLElement, x: number, y: number, at: CanvasLayout) {
  if (x < scroller.scrollLeft + at.labelW || x + at.cellW > scroller.scrollLeft + scroller.clientWidth)
    scroller.scrollLeft = x - scroller.clientWidth / 2;
  if (y < scroller.scrollTop || y + at.cellH > scroller.scrollTop + scroller.clientHeight)
    scroller.scrollTop = y - scroller.clientHeight / 2;
}

/** Paints the blocks, then the marks, at the screen's pixel density (halved for very large images). */
export function drawHeat(canvas: HTMLCanvasElement, bins: BinnedGrid, w: number, h: number) {
  const dpr = Math.max(1, Math.min(2, window.devicePixelRatio || 1) * (w * h > 4_000_000 ? 0.5 : 1));
  canvas.width = Math.max(1, Math.round(w * dpr));
  canvas.height = Math.max(1, Math.round(h * dpr));
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const img = new ImageData(bins.cols, bins.rows);
  for (let k = 0; k < bins.rows * bins.cols; k++) {
    const v = bins.data[k]!;
    const [r, g, b] = Number.isNaN(v) ? [241, 245, 249] : heatRgb(unit(v, bins.min, bins.max));
    img.data.set([r, g, b, 255], 4 * k);
  }
  const off = document.createElement("canvas");
  off.width = bins.cols;
  off.height = bins.rows;
  off.getContext("2d")?.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
  drawMarks(ctx, bins, canvas.width / bins.cols, canvas.height / bins.rows, canvas.width / w);
}

/**
 * Row maxima as amber dots with a white ring, at least 3 CSS px across even when blocks are thinner, so the marks stay
 * visible on a long text; the diagonal as a white stroke through each of its cells.
 */
function drawMarks(ctx: CanvasRenderingContext2D, bins: BinnedGrid, sx: number, sy: number, px: number) {
  ctx.strokeStyle = "#ffffff";
  if (bins.marks === "diagonal") {
    ctx.globalAlpha = 0.6;
    ctx.lineWidth = px;
    for (let i = 0; i < Math.min(bins.rows, bins.cols); i++) {
      ctx.beginPath();
      ctx.moveTo(i * sx, (i + 1) * sy);
      ctx.lineTo((i + 1) * sx, i * sy);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    return;
  }
  const radius = Math.min(Math.max(Math.min(sx, sy) * 0.3, 3 * px), 6 * px);
  ctx.lineWidth = 1.5 * px;
  ctx.fillStyle = "#f59e0b";
  for (let r = 0; r < bins.rows; r++) {
    const c = bins.rowMaxCol[r]!;
    if (c < 0) continue;
    ctx.beginPath();
    ctx.arc((c + 0.5) * sx, (r + 0.5) * sy, radius, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}
