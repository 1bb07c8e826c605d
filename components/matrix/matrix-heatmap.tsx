"use client";

import { useMemo } from "react";
import type { HeatAxis, HeatSelection } from "@/components/heatmap/heat-axis";
import { type DomLimit, Heatmap } from "@/components/heatmap/heatmap";
import { HeatmapLegend } from "@/components/heatmap/heatmap-legend";
import { useI18n } from "@/components/shell/i18n-provider";
import { matrixGrid } from "@/lib/ui/heatmap";

/** Up to 32 texts the matrix keeps one DOM element per cell; beyond, a slider move repaints a canvas instead. */
const MATRIX_DOM: DomLimit = { rows: 32, cols: 32, cells: 32 * 32 };
/** Up to this many texts each cell also shows its value. */
const VALUES_UP_TO = 12;

export interface MatrixHeatmapProps {
  n: number;
  /** Row-major n×n values (row = query text, column = document text). */
  values: Float64Array;
  texts: readonly string[];
  selection: HeatSelection;
  onSelect: (next: HeatSelection) => void;
}

/** The N×N heatmap with its colour legend; colours span the off-diagonal range, the diagonal is hatched. */
export function MatrixHeatmap({ n, values, texts, selection, onSelect }: MatrixHeatmapProps) {
  const { t } = useI18n();
  const grid = useMemo(() => matrixGrid(values, n), [values, n]);
  const rows = useMemo<HeatAxis>(
    () => ({ title: t("matrix.heatmap.rows"), labels: texts, numbered: true }),
    [t, texts],
  );
  const cols = useMemo<HeatAxis>(
    () => ({ title: t("matrix.heatmap.cols"), labels: texts, numbered: true }),
    [t, texts],
  );
  return (
    <div className="flex min-w-0 flex-col gap-3">
      <HeatmapLegend min={grid.min} max={grid.max}>
        <span>{t("matrix.heatmap.scale")}</span>
        <span>{t("matrix.heatmap.diagonal")}</span>
      </HeatmapLegend>
      <Heatmap
        grid={grid}
        rows={rows}
        cols={cols}
        selection={selection}
        onSelect={onSelect}
        label={t("matrix.heatmap.label")}
        domLimit={MATRIX_DOM}
        showValues={n <= VALUES_UP_TO}
        square
      />
    </div>
  );
}
