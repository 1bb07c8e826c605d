"use client";

import { memo, useCallback, useMemo } from "react";
import type { HeatAxis, HeatSelection } from "@/components/heatmap/heat-axis";
import { type DomLimit, fitsDom, Heatmap } from "@/components/heatmap/heatmap";
import { HeatmapLegend, RowBestKey } from "@/components/heatmap/heatmap-legend";
import { useI18n } from "@/components/shell/i18n-provider";
import type { Token } from "@/lib/m3/types";
import type { BinnedGrid, HeatGrid } from "@/lib/ui/heatmap";
import { matrixOffset, tokenLabel } from "@/lib/ui/tokens";

/** Up to this size the MaxSim heatmap keeps one DOM element per cell. */
const MAXSIM_DOM: DomLimit = { rows: 64, cols: 80, cells: 3200 };
const KEYS_HINT_ID = "heatmap-keys";

/** True when the matrix is drawn as a DOM grid (one element per cell) rather than on a canvas. */
export const maxSimFitsDom = (grid: Pick<HeatGrid, "rows" | "cols">): boolean => fitsDom(grid, MAXSIM_DOM);

export interface TokenSelection {
  /** Indices into tokens.a / tokens.b (not matrix indices), or null. */
  a: number | null;
  b: number | null;
}

export interface MaxSimHeatmapProps {
  /** The MaxSim matrix (see `maxSimGrid`). */
  grid: HeatGrid;
  tokensA: readonly Token[];
  tokensB: readonly Token[];
  selection: TokenSelection;
  onSelect: (next: TokenSelection) => void;
  /** Where `grid` sits when it is a window of a larger matrix: its first cell, and the whole matrix's size. */
  placement?: MaxSimPlacement;
}

export interface MaxSimPlacement {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** The matrix index of token `i`, or null when it has no row (column): `<s>`, or nothing selected. */
const toLine = (i: number | null, offset: number, count: number) =>
  i === null || i - offset < 0 || i - offset >= count ? null : i - offset;

/**
 * The MaxSim heatmap: text a's ColBERT tokens down, text b's across, each row's maximum marked. Rows and columns skip
 * `<s>` (ColBERT drops it), so matrix index i is token i + offset (plus the window's start, for a window of a larger
 * matrix); selections cross that offset here.
 */
export const MaxSimHeatmap = memo(function MaxSimHeatmap({
  grid,
  tokensA,
  tokensB,
  selection,
  onSelect,
  placement,
}: MaxSimHeatmapProps) {
  const { t } = useI18n();
  const rowOffset = matrixOffset(tokensA.length, placement?.rows ?? grid.rows) + (placement?.row ?? 0);
  const colOffset = matrixOffset(tokensB.length, placement?.cols ?? grid.cols) + (placement?.col ?? 0);
  const rows = useMemo<HeatAxis>(
    () => ({ title: t("heatmap.rows"), labels: tokenLabels(tokensA, rowOffset, grid.rows) }),
    [t, tokensA, rowOffset, grid.rows],
  );
  const cols = useMemo<HeatAxis>(
    () => ({ title: t("heatmap.cols"), labels: tokenLabels(tokensB, colOffset, grid.cols) }),
    [t, tokensB, colOffset, grid.cols],
  );
  const onSelectLines = useCallback(
    (s: HeatSelection) =>
      onSelect({ a: s.row === null ? null : s.row + rowOffset, b: s.col === null ? null : s.col + colOffset }),
    [onSelect, rowOffset, colOffset],
  );
  const caption = useCallback(
    (bins: BinnedGrid) =>
      bins.rowsPerBin > 1 || bins.colsPerBin > 1
        ? t("heatmap.aggregated", { rows: grid.rows, cols: grid.cols, br: bins.rowsPerBin, bc: bins.colsPerBin })
        : t("heatmap.large", { rows: grid.rows, cols: grid.cols }),
    [t, grid.rows, grid.cols],
  );

  if (grid.rows === 0 || grid.cols === 0) {
    return (
      <p data-testid="heatmap" className="rounded-xl bg-slate-50 p-6 text-center text-sm text-slate-500">
        {t("heatmap.empty")}
      </p>
    );
  }

  return (
    <div className="flex min-w-0 flex-col gap-3">
      <HeatmapLegend min={grid.min} max={grid.max}>
        <RowBestKey label={t("heatmap.rowBest")} />
        <span id={KEYS_HINT_ID} className="hidden text-slate-500 md:inline">
          {t("heatmap.keyboard")}
        </span>
      </HeatmapLegend>
      <Heatmap
        grid={grid}
        rows={rows}
        cols={cols}
        selection={{ row: toLine(selection.a, rowOffset, grid.rows), col: toLine(selection.b, colOffset, grid.cols) }}
        onSelect={onSelectLines}
        label={t("heatmap.label")}
        describedBy={KEYS_HINT_ID}
        domLimit={MAXSIM_DOM}
        caption={caption}
      />
    </div>
  );
});

function tokenLabels(tokens: readonly Token[], offset: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => tokenLabel(tokens[i + offset]?.text ?? "?"));
}
