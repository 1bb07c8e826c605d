// biome-ignore-all lint/a11y/useSemanticElements: the ARIA grid pattern on a CSS grid; a <table> cannot flex its columns like this
// biome-ignore-all lint/a11y/useFocusableInteractive: cells are reached through aria-activedescendant on the focusable grid
"use client";

import { type KeyboardEvent, memo, type PointerEvent, useId, useMemo, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { cn } from "@/lib/ui/cn";
import { formatScore } from "@/lib/ui/format";
import { gridKeyStep } from "@/lib/ui/grid-keys";
import { type HeatGrid, heatCss, unit } from "@/lib/ui/heatmap";
import { HeatmapTooltip, type TooltipInfo } from "./heatmap-tooltip";

export interface HeatmapViewProps {
  /** The matrix; its Float64Array holds exactly the numbers the server sent, so `data-value` keeps them. */
  grid: HeatGrid;
  rowLabels: readonly string[];
  colLabels: readonly string[];
  selectedRow: number | null;
  selectedCol: number | null;
  onSelectRow: (row: number) => void;
  onSelectCol: (col: number) => void;
  onSelectCell: (row: number, col: number) => void;
}

/**
 * The heatmap as a DOM grid, for matrices small enough to keep one element per cell: every cell is a
 * `heatmap-cell` with `data-row`, `data-col`, `data-value` and an aria-label that reads both tokens and the value.
 * Hover, keyboard focus and selection only change a small style block and the tooltip, never the cells.
 */
export function HeatmapGrid(props: HeatmapViewProps) {
  const { grid, rowLabels, colLabels, selectedRow, selectedCol, onSelectRow, onSelectCol, onSelectCell } = props;
  const { t } = useI18n();
  const uid = `hm${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const [tip, setTip] = useState<TooltipInfo | null>(null);
  const [hover, setHover] = useState<{ r: number; c: number } | null>(null);
  const [active, setActive] = useState<{ r: number; c: number } | null>(null);

  const infoFor = (r: number, c: number, el: Element): TooltipInfo => {
    const rect = el.getBoundingClientRect();
    return {
      x: rect.left + rect.width / 2,
      y: rect.top,
      h: rect.height,
      rowLabel: rowLabels[r] ?? "",
      colLabel: colLabels[c] ?? "",
      value: grid.data[r * grid.cols + c]!,
      rowBest: grid.rowMaxCol[r] === c,
    };
  };

  const cellAt = (target: EventTarget | null) => {
    const el = (target as Element | null)?.closest?.('[data-testid="heatmap-cell"]');
    if (!el) return null;
    return { el, r: Number(el.getAttribute("data-row")), c: Number(el.getAttribute("data-col")) };
  };

  const onPointerOver = (e: PointerEvent<HTMLDivElement>) => {
    const hit = cellAt(e.target);
    if (!hit) return;
    setHover({ r: hit.r, c: hit.c });
    setTip(infoFor(hit.r, hit.c, hit.el));
  };

  const clearHover = () => {
    setHover(null);
    setTip(null);
  };

  const focusCell = (r: number, c: number, grid_: HTMLElement) => {
    setActive({ r, c });
    const el = grid_.querySelector(`[data-testid="heatmap-cell"][data-row="${r}"][data-col="${c}"]`);
    if (el) {
      el.scrollIntoView({ block: "nearest", inline: "nearest" });
      setTip(infoFor(r, c, el));
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const cur = active ?? { r: 0, c: 0 };
    const step = gridKeyStep(e.key, cur.r, cur.c, grid.rows, grid.cols, true);
    if (step) {
      e.preventDefault();
      focusCell(step.row, step.col, e.currentTarget);
    } else if ((e.key === "Enter" || e.key === " ") && active) {
      e.preventDefault();
      onSelectCell(active.r, active.c);
    } else if (e.key === "Escape") {
      setTip(null);
    }
  };

  const cells = useMemo(
    () => <Cells grid={grid} rowLabels={rowLabels} colLabels={colLabels} onSelectRow={onSelectRow} uid={uid} />,
    [grid, rowLabels, colLabels, onSelectRow, uid],
  );

  // One small style block does hover crosshair, keyboard focus and the selection spotlight, without re-rendering cells.
  const css = [
    hover &&
      `#${uid} [data-rh="${hover.r}"], #${uid} [data-ch="${hover.c}"] { background: rgb(238 242 255); color: rgb(49 46 129); }`,
    active &&
      `#${uid}:focus-visible [data-testid="heatmap-cell"][data-row="${active.r}"][data-col="${active.c}"] { outline: 2px solid rgb(15 23 42); outline-offset: -1px; z-index: 1; }`,
    selectedRow !== null &&
      `#${uid} [data-rh="${selectedRow}"] { background: rgb(254 243 199); color: rgb(120 53 15); font-weight: 600; }`,
    selectedCol !== null &&
      `#${uid} [data-ch="${selectedCol}"] { background: rgb(254 243 199); color: rgb(120 53 15); font-weight: 600; }`,
    (selectedRow !== null || selectedCol !== null) &&
      `#${uid} [data-testid="heatmap-cell"]${selectedRow !== null ? `:not([data-row="${selectedRow}"])` : ""}${selectedCol !== null ? `:not([data-col="${selectedCol}"])` : ""} { opacity: 0.35; }`,
  ]
    .filter(Boolean)
    .join("\n");

  return (
    <div className="relative">
      <style>{css}</style>
      <div
        className="max-h-[34rem] overflow-auto overscroll-contain rounded-xl ring-1 ring-slate-200"
        onScroll={clearHover}
      >
        <div
          id={uid}
          role="grid"
          data-testid="heatmap"
          data-render="dom"
          data-rows={grid.rows}
          data-cols={grid.cols}
          aria-label={t("heatmap.label")}
          aria-rowcount={grid.rows + 1}
          aria-colcount={grid.cols + 1}
          aria-describedby="heatmap-keys"
          aria-activedescendant={active ? `${uid}-${active.r}-${active.c}` : undefined}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onPointerOver={onPointerOver}
          onPointerLeave={clearHover}
          onBlur={() => setTip(null)}
          onClick={(e) => {
            const hit = cellAt(e.target);
            if (hit) onSelectCell(hit.r, hit.c);
          }}
          className="grid w-full outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset"
          style={{ gridTemplateColumns: `minmax(3.5rem, max-content) repeat(${grid.cols}, minmax(22px, 44px))` }}
        >
          <div role="row" className="contents">
            <div
              role="columnheader"
              className="sticky top-0 left-0 z-30 flex items-end justify-end bg-white px-2 pb-1 text-[10px] leading-tight text-slate-400"
            >
              <span className="text-right">
                {t("heatmap.cols")}
                <br />
                {t("heatmap.rows")}
              </span>
            </div>
            {colLabels.map((label, c) => (
              <div
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions
                key={c}
                role="columnheader"
                className="sticky top-0 z-20 flex items-end justify-center bg-white/95 pb-1 backdrop-blur"
              >
                <button
                  type="button"
                  tabIndex={-1}
                  data-testid="heatmap-col-token"
                  data-col={c}
                  data-ch={c}
                  title={label}
                  onClick={(e) => {
                    e.stopPropagation();
                    onSelectCol(c);
                  }}
                  className="max-h-24 cursor-pointer overflow-hidden rounded px-0.5 py-1 text-xs text-ellipsis whitespace-nowrap text-slate-600 [text-orientation:mixed] [writing-mode:vertical-rl] hover:bg-slate-100"
                >
                  {label}
                </button>
              </div>
            ))}
          </div>
          {cells}
        </div>
      </div>
      {tip && <HeatmapTooltip info={tip} />}
    </div>
  );
}

const Cells = memo(function Cells({
  grid,
  rowLabels,
  colLabels,
  onSelectRow,
  uid,
}: Pick<HeatmapViewProps, "grid" | "rowLabels" | "colLabels" | "onSelectRow"> & { uid: string }) {
  const rows = [];
  for (let r = 0; r < grid.rows; r++) {
    const cells = [];
    for (let c = 0; c < grid.cols; c++) {
      const v = grid.data[r * grid.cols + c]!;
      const best = grid.rowMaxCol[r] === c;
      cells.push(
        <div
          key={c}
          id={`${uid}-${r}-${c}`}
          role="gridcell"
          data-testid="heatmap-cell"
          data-row={r}
          data-col={c}
          data-value={String(v)}
          data-rowmax={best || undefined}
          aria-label={`${rowLabels[r]} × ${colLabels[c]}: ${formatScore(v)}${best ? " ●" : ""}`}
          className="relative flex aspect-square cursor-crosshair items-center justify-center border-[0.5px] border-white/70 transition-opacity hover:z-10 hover:outline-2 hover:outline-slate-900"
          style={{ backgroundColor: heatCss(unit(v, grid.min, grid.max)) }}
        >
          {best && (
            <span aria-hidden="true" className="size-2 rounded-full bg-white shadow-[0_0_0_2px_rgb(245_158_11)]" />
          )}
        </div>,
      );
    }
    rows.push(
      <div key={r} role="row" className="contents">
        <div
          role="rowheader"
          className="sticky left-0 z-10 flex items-center justify-end bg-white/95 pr-1.5 backdrop-blur"
        >
          <button
            type="button"
            tabIndex={-1}
            data-testid="heatmap-row-token"
            data-row={r}
            data-rh={r}
            title={rowLabels[r]}
            onClick={(e) => {
              e.stopPropagation();
              onSelectRow(r);
            }}
            className={cn(
              "max-w-[9rem] cursor-pointer truncate rounded px-1.5 py-0.5 text-right text-xs text-slate-600 hover:bg-slate-100",
            )}
          >
            {rowLabels[r]}
          </button>
        </div>
        {cells}
      </div>,
    );
  }
  return <>{rows}</>;
});
