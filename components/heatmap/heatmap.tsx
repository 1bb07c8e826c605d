"use client";

import type { HeatGrid } from "@/lib/ui/heatmap";
import { HeatmapCanvas, type HeatmapCanvasProps } from "./heatmap-canvas";
import { HeatmapGrid } from "./heatmap-grid";

/** The largest grid a page keeps as one DOM element per cell; beyond it, a canvas. */
export interface DomLimit {
  rows: number;
  cols: number;
  cells: number;
}

export function fitsDom({ rows, cols }: Pick<HeatGrid, "rows" | "cols">, limit: DomLimit): boolean {
  return rows <= limit.rows && cols <= limit.cols && rows * cols <= limit.cells;
}

export interface HeatmapProps extends HeatmapCanvasProps {
  domLimit: DomLimit;
  /** Write each value in its cell (DOM grid only). */
  showValues?: boolean;
}

/** A heatmap drawn as a DOM grid while it fits `domLimit`, else on a canvas; both take the same data and events. */
export function Heatmap({ domLimit, showValues, square, caption, ...view }: HeatmapProps) {
  return fitsDom(view.grid, domLimit) ? (
    <HeatmapGrid {...view} showValues={showValues} />
  ) : (
    <HeatmapCanvas {...view} square={square} caption={caption} />
  );
}
