import { memo, useCallback, useMemo } from "react";
import { useI18n } from "@/components/i18n-provider";
import type { Token } from "@/lib/m3/types";
import { formatScore } from "@/lib/ui/format";
import { type HeatGrid, heatGradientCss } from "@/lib/ui/heatmap";
import { matrixOffset, tokenLabel } from "@/lib/ui/tokens";
import { HeatmapCanvas } from "./heatmap-canvas";
import { HeatmapGrid } from "./heatmap-grid";

/** Up to this size the heatmap keeps one DOM element per cell; beyond it, a canvas. */
const DOM_MAX_ROWS = 64;
const DOM_MAX_COLS = 80;
const DOM_MAX_CELLS = 3200;

/** True when the matrix is drawn as a DOM grid (one element per cell) rather than on a canvas. */
export function heatmapIsSmall({ rows, cols }: Pick<HeatGrid, "rows" | "cols">): boolean {
  return rows <= DOM_MAX_ROWS && cols <= DOM_MAX_COLS && rows * cols <= DOM_MAX_CELLS;
}

export interface TokenSelection {
  /** Indices into tokens.a / tokens.b (not matrix indices), or null. */
  a: number | null;
  b: number | null;
}

export interface MaxSimHeatmapProps {
  /** The MaxSim matrix, flattened (see `toGrid`). */
  grid: HeatGrid;
  tokensA: readonly Token[];
  tokensB: readonly Token[];
  selection: TokenSelection;
  onSelect: (next: TokenSelection) => void;
  /** Why the server left the matrix out (too many cells), if it did. */
  omitted?: string;
}

/**
 * The MaxSim heatmap: text a's ColBERT tokens down, text b's across, each row's maximum marked.
 * Rows and columns skip `<s>` (ColBERT drops it), so matrix index i is token i + offset.
 */
export const MaxSimHeatmap = memo(function MaxSimHeatmap({
  grid,
  tokensA,
  tokensB,
  selection,
  onSelect,
  omitted,
}: MaxSimHeatmapProps) {
  const { t } = useI18n();
  const rowOffset = matrixOffset(tokensA.length, grid.rows);
  const colOffset = matrixOffset(tokensB.length, grid.cols);
  const rowLabels = useMemo(
    () => Array.from({ length: grid.rows }, (_, i) => tokenLabel(tokensA[i + rowOffset]?.text ?? "?")),
    [grid.rows, tokensA, rowOffset],
  );
  const colLabels = useMemo(
    () => Array.from({ length: grid.cols }, (_, j) => tokenLabel(tokensB[j + colOffset]?.text ?? "?")),
    [grid.cols, tokensB, colOffset],
  );

  const onSelectRow = useCallback((r: number) => onSelect({ a: r + rowOffset, b: null }), [onSelect, rowOffset]);
  const onSelectCol = useCallback((c: number) => onSelect({ a: null, b: c + colOffset }), [onSelect, colOffset]);
  const onSelectCell = useCallback(
    (r: number, c: number) => onSelect({ a: r + rowOffset, b: c + colOffset }),
    [onSelect, rowOffset, colOffset],
  );

  if (grid.rows === 0 || grid.cols === 0) {
    return (
      <p data-testid="heatmap" className="rounded-xl bg-slate-50 p-6 text-center text-sm text-slate-500">
        {omitted ? `${t("heatmap.omitted")} (${omitted})` : t("heatmap.empty")}
      </p>
    );
  }

  const View = heatmapIsSmall(grid) ? HeatmapGrid : HeatmapCanvas;
  const selectedRow = selection.a === null ? null : selection.a - rowOffset;
  const selectedCol = selection.b === null ? null : selection.b - colOffset;

  return (
    <div className="flex min-w-0 flex-col gap-3">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-xs text-slate-500">
        <span className="flex items-center gap-2">
          <span className="tabular-nums">{formatScore(grid.min, 2)}</span>
          <span aria-hidden="true" className="h-2 w-28 rounded-full" style={{ background: heatGradientCss() }} />
          <span className="tabular-nums">{formatScore(grid.max, 2)}</span>
          <span className="sr-only">
            {t("heatmap.low")} → {t("heatmap.high")}
          </span>
        </span>
        <span className="flex items-center gap-1.5">
          <span aria-hidden="true" className="size-2 rounded-full bg-white shadow-[0_0_0_2px_rgb(245_158_11)]" />
          {t("heatmap.rowBest")}
        </span>
        <span id="heatmap-keys" className="hidden text-slate-400 md:inline">
          {t("heatmap.keyboard")}
        </span>
      </div>
      <View
        grid={grid}
        rowLabels={rowLabels}
        colLabels={colLabels}
        selectedRow={selectedRow !== null && selectedRow >= 0 && selectedRow < grid.rows ? selectedRow : null}
        selectedCol={selectedCol !== null && selectedCol >= 0 && selectedCol < grid.cols ? selectedCol : null}
        onSelectRow={onSelectRow}
        onSelectCol={onSelectCol}
        onSelectCell={onSelectCell}
      />
    </div>
  );
});
