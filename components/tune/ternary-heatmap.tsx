"use client";

import { memo, useMemo } from "react";
import { HeatmapLegend } from "@/components/heatmap/heatmap-legend";
import { useI18n } from "@/components/shell/i18n-provider";
import type { GridPoint } from "@/lib/m3/tune";
import type { HybridWeights } from "@/lib/m3/types";
import { formatScore } from "@/lib/ui/format";
import { heatCss, unit } from "@/lib/ui/heatmap";

const W = 420;
const H = (W * Math.sqrt(3)) / 2;

/** Position of (α, β, γ) in the triangle: α (dense) at the top, β (sparse) bottom left, γ (ColBERT) bottom right. */
export function ternaryXY(w: HybridWeights): { x: number; y: number } {
  return { x: w.dense * (W / 2) + w.colbert * W, y: (1 - w.dense) * H };
}

/** The hexagon around a grid point: the triangular lattice's Voronoi cell (pointy-top, circumradius spacing/√3). */
function hexagon(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let k = 0; k < 6; k++) {
    const a = (Math.PI / 180) * (30 + 60 * k);
    pts.push(`${(cx + r * Math.cos(a)).toFixed(2)},${(cy + r * Math.sin(a)).toFixed(2)}`);
  }
  return pts.join(" ");
}

export const pointLabel = (w: HybridWeights) =>
  `α ${w.dense.toFixed(2)} · β ${w.sparse.toFixed(2)} · γ ${w.colbert.toFixed(2)}`;

export interface TernaryHeatmapProps {
  grid: readonly GridPoint[];
  /** 1/step: the number of divisions of each side. */
  divisions: number;
  bestIndex: number | null;
  activeIndex: number | null;
  metricName: string;
  onHover: (index: number | null) => void;
  onPick: (index: number) => void;
}

/**
 * The metric over the weight simplex as a ternary heatmap: one hexagon per grid point, coloured from the lowest to
 * the highest defined value (undefined points grey), the best ringed. Each cell is a `ternary-cell` with its weights
 * and value as data attributes and a <title> that reads them.
 */
export const TernaryHeatmap = memo(function TernaryHeatmap({
  grid,
  divisions,
  bestIndex,
  activeIndex,
  metricName,
  onHover,
  onPick,
}: TernaryHeatmapProps) {
  const { t } = useI18n();
  const { min, max } = useMemo(() => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const p of grid) {
      if (Number.isNaN(p.value)) continue;
      lo = Math.min(lo, p.value);
      hi = Math.max(hi, p.value);
    }
    return Number.isFinite(lo) ? { min: lo, max: hi } : { min: 0, max: 1 };
  }, [grid]);
  const r = W / divisions / Math.sqrt(3);
  const pad = r + 24;
  const best = bestIndex !== null ? grid[bestIndex] : undefined;
  const active = activeIndex !== null ? grid[activeIndex] : undefined;
  const mark = (p: GridPoint | undefined) => (p ? ternaryXY(p.weights) : null);
  const bestXY = mark(best);
  const activeXY = mark(active);

  return (
    <div className="flex min-w-0 flex-col gap-3">
      <svg
        data-testid="ternary"
        data-points={grid.length}
        role="img"
        aria-label={t("tune.ternary.label", { metric: metricName })}
        viewBox={`${-pad} ${-pad} ${W + 2 * pad} ${H + 2 * pad}`}
        className="mx-auto w-full max-w-[34rem] select-none"
        onPointerLeave={() => onHover(null)}
      >
        <polygon
          points={`${W / 2},0 0,${H} ${W},${H}`}
          fill="none"
          stroke="rgb(203 213 225)"
          strokeWidth={1}
          strokeDasharray="4 4"
        />
        {grid.map((p, i) => {
          const { x, y } = ternaryXY(p.weights);
          const undefinedValue = Number.isNaN(p.value);
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: pointer shortcut; the table of top points is the accessible route
            <polygon
              // biome-ignore lint/suspicious/noArrayIndexKey: grid points are positions
              key={i}
              data-testid="ternary-cell"
              data-index={i}
              data-dense={p.weights.dense}
              data-sparse={p.weights.sparse}
              data-colbert={p.weights.colbert}
              data-value={undefinedValue ? "" : p.value}
              data-best={i === bestIndex || undefined}
              points={hexagon(x, y, r + 0.4)}
              fill={undefinedValue ? "rgb(226 232 240)" : heatCss(unit(p.value, min, max))}
              stroke="white"
              strokeWidth={0.6}
              className="cursor-pointer"
              onPointerEnter={() => onHover(i)}
              onClick={() => onPick(i)}
            >
              <title>{`${pointLabel(p.weights)}: ${undefinedValue ? t("tune.undefined") : formatScore(p.value)}`}</title>
            </polygon>
          );
        })}
        {activeXY && (
          <polygon
            points={hexagon(activeXY.x, activeXY.y, r)}
            fill="none"
            stroke="rgb(15 23 42)"
            strokeWidth={2}
            pointerEvents="none"
          />
        )}
        {bestXY && (
          <circle
            data-testid="ternary-best"
            cx={bestXY.x}
            cy={bestXY.y}
            r={Math.max(4, r * 0.75)}
            fill="none"
            stroke="rgb(245 158 11)"
            strokeWidth={3}
            pointerEvents="none"
          />
        )}
        <text x={W / 2} y={-r - 8} textAnchor="middle" className="fill-slate-700 text-[13px] font-semibold">
          {t("weight.dense")}
        </text>
        <text x={-r} y={H + r + 16} textAnchor="start" className="fill-slate-700 text-[13px] font-semibold">
          {t("weight.sparse")}
        </text>
        <text x={W + r} y={H + r + 16} textAnchor="end" className="fill-slate-700 text-[13px] font-semibold">
          {t("weight.colbert")}
        </text>
      </svg>
      <HeatmapLegend min={min} max={max} digits={3} className="justify-center">
        <span>{metricName}</span>
      </HeatmapLegend>
    </div>
  );
});
