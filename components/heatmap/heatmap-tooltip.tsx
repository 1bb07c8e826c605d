import { useI18n } from "@/components/shell/i18n-provider";
import { formatScore } from "@/lib/ui/format";
import { type HeatGrid, isMarked } from "@/lib/ui/heatmap";
import { axisName, type HeatAxis, type HeatCell } from "./heat-axis";

/** Viewport coordinates of a cell's top-centre, and its height. */
export interface TipAnchor {
  x: number;
  y: number;
  h: number;
  /** The bottom edge of the column headers: a tip above the cell must not cover them. */
  clear?: number;
}

/** The height a tip needs above its cell; with less room it goes below. */
const ROOM_ABOVE = 110;

/** The rows and columns a drawn block covers, 1-based, when one block stands for many cells. */
export interface TipBlock {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

export interface HeatmapTooltipProps {
  grid: HeatGrid;
  rows: HeatAxis;
  cols: HeatAxis;
  /** The cell it reads, in `grid`'s coordinates. */
  cell: HeatCell;
  anchor: TipAnchor;
  block?: TipBlock;
}

/** The floating label of a cell: both names and the value. Fixed-positioned, so scrolling never clips it. */
export function HeatmapTooltip({ grid, rows, cols, cell, anchor, block }: HeatmapTooltipProps) {
  const { t } = useI18n();
  const below = anchor.y - ROOM_ABOVE < Math.max(0, anchor.clear ?? 0);
  const x = Math.min(Math.max(anchor.x, 140), (typeof window === "undefined" ? 1024 : window.innerWidth) - 140);
  const rowBest = grid.marks === "row-best" && isMarked(grid, cell.row, cell.col);
  return (
    <div
      role="tooltip"
      data-testid="heatmap-tooltip"
      className="pointer-events-none fixed z-50 w-max max-w-[16rem] rounded-xl bg-slate-900/95 px-3 py-2 text-xs text-slate-200 shadow-xl ring-1 ring-white/10"
      style={{
        left: x,
        top: below ? anchor.y + anchor.h + 8 : anchor.y - 8,
        transform: below ? "translateX(-50%)" : "translate(-50%, -100%)",
      }}
    >
      {block && <div className="mb-1 text-[10px] text-slate-400">{t("heatmap.block", { ...block })}</div>}
      <div className="flex items-center gap-1.5 text-sm text-white">
        <span className="rounded bg-white/10 px-1.5 py-0.5 font-medium" data-side="a">
          {axisName(rows, cell.row)}
        </span>
        <span className="text-slate-400">×</span>
        <span className="rounded bg-white/10 px-1.5 py-0.5 font-medium" data-side="b">
          {axisName(cols, cell.col)}
        </span>
      </div>
      <div className="mt-1 flex items-center gap-2">
        <span>
          {t("heatmap.value")}{" "}
          <span className="font-semibold text-white tabular-nums">
            {formatScore(grid.data[cell.row * grid.cols + cell.col]!)}
          </span>
        </span>
        {rowBest && (
          <span className="text-amber-300">
            <span aria-hidden="true">● </span>
            {t("heatmap.rowBest")}
          </span>
        )}
      </div>
    </div>
  );
}
