// biome-ignore-all lint/a11y/useSemanticElements: the ARIA grid pattern on a CSS grid; a <table> cannot flex its columns like this
// biome-ignore-all lint/a11y/useFocusableInteractive: cells are reached through aria-activedescendant on the focusable grid
"use client";

import { memo, type PointerEvent, useId, useLayoutEffect, useMemo, useRef } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { formatScore } from "@/lib/ui/format";
import { type HeatGrid, heatCss, heatInk, isMarked, unit } from "@/lib/ui/heatmap";
import { axisName, type HeatAxis, type HeatCell, type HeatmapViewProps, type HeatSelection } from "./heat-axis";
import { HeatmapTooltip, type TipAnchor } from "./heatmap-tooltip";
import { LineLabel } from "./line-label";
import { useHeatCursor } from "./use-heat-cursor";

/**
 * The heatmap as a DOM grid, for grids small enough to keep one element per cell: every cell is a `heatmap-cell`
 * with `data-row`, `data-col`, `data-value`, `data-mark` and an aria-label that reads both names and the value.
 * React renders the cells once per shape; new values (a slider move) only repaint them, and hover, keyboard focus and
 * selection only change a small style block.
 */
export function HeatmapGrid(props: HeatmapViewProps & { showValues?: boolean }) {
  const { grid, rows, cols, selection, onSelect, label, describedBy, showValues = false } = props;
  const uid = `hm${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const rootRef = useRef<HTMLDivElement>(null);
  const cellEl = (c: HeatCell) => rootRef.current?.querySelector(`#${uid}-${c.row}-${c.col}`) ?? null;
  const cursor = useHeatCursor({
    rows: grid.rows,
    cols: grid.cols,
    anchor: (c) => anchorOf(cellEl(c)),
    reveal: (c) => cellEl(c)?.scrollIntoView({ block: "nearest", inline: "nearest" }),
    onPick: (c) => onSelect(c),
  });

  const { t } = useI18n();
  const bestName = t("heatmap.rowBest");
  useLayoutEffect(() => {
    if (rootRef.current) paintCells(rootRef.current, grid, rows, cols, showValues, bestName);
  }, [grid, rows, cols, showValues, bestName]);

  const cells = useMemo(
    () => <Lines rowCount={grid.rows} colCount={grid.cols} rows={rows} cols={cols} uid={uid} onSelect={onSelect} />,
    [grid.rows, grid.cols, rows, cols, uid, onSelect],
  );

  const onPointerOver = (e: PointerEvent) => cursor.point(cellAt(e.target));
  const cellSize = showValues ? "minmax(40px, 56px)" : "minmax(22px, 44px)";
  // Numbered items are texts: their headers need room for the start of each, except on a phone, where cells come first.
  // Token headers never narrow below the corner's words, even when a wide window squeezes every column to its least.
  const headerSize = rows.numbered
    ? "[--hm-head:minmax(4.5rem,6rem)] sm:[--hm-head:minmax(8rem,max-content)]"
    : "[--hm-head:minmax(min-content,max-content)]";

  return (
    <div className="relative">
      <style>{spotlightCss(uid, cursor.hover, cursor.active, selection)}</style>
      <div
        className="max-h-[40rem] overflow-auto overscroll-contain rounded-xl ring-1 ring-slate-200"
        onScroll={cursor.onScroll}
      >
        <div
          id={uid}
          ref={rootRef}
          role="grid"
          data-testid="heatmap"
          data-render="dom"
          data-rows={grid.rows}
          data-cols={grid.cols}
          aria-label={label}
          aria-rowcount={grid.rows + 1}
          aria-colcount={grid.cols + 1}
          aria-describedby={describedBy}
          aria-activedescendant={cursor.active ? `${uid}-${cursor.active.row}-${cursor.active.col}` : undefined}
          tabIndex={0}
          onKeyDown={cursor.onKeyDown}
          onPointerOver={onPointerOver}
          onPointerLeave={cursor.leave}
          onBlur={cursor.hideTip}
          onClick={(e) => {
            const hit = cellAt(e.target);
            if (hit) cursor.pick(hit);
          }}
          className={`grid w-full outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset ${headerSize}`}
          style={{ gridTemplateColumns: `var(--hm-head) repeat(${grid.cols}, ${cellSize})` }}
        >
          {cells}
        </div>
      </div>
      {cursor.tip && (
        <HeatmapTooltip grid={grid} rows={rows} cols={cols} cell={cursor.tip.cell} anchor={cursor.tip.anchor} />
      )}
    </div>
  );
}

function anchorOf(el: Element | null): TipAnchor | null {
  if (!el) return null;
  const rect = el.getBoundingClientRect();
  const header = el.closest('[role="grid"]')?.querySelector('[role="columnheader"]');
  return { x: rect.left + rect.width / 2, y: rect.top, h: rect.height, clear: header?.getBoundingClientRect().bottom };
}

function cellAt(target: EventTarget | null): HeatCell | null {
  const el = (target as Element | null)?.closest?.('[data-testid="heatmap-cell"]');
  return el ? { row: Number(el.getAttribute("data-row")), col: Number(el.getAttribute("data-col")) } : null;
}

/** Colour, value, mark and name of every cell, straight into the DOM (cells are in row-major order). */
function paintCells(
  root: HTMLElement,
  grid: HeatGrid,
  rows: HeatAxis,
  cols: HeatAxis,
  showValues: boolean,
  bestName: string,
) {
  const els = root.querySelectorAll<HTMLElement>('[data-testid="heatmap-cell"]');
  els.forEach((el, k) => {
    const r = Math.floor(k / grid.cols);
    const c = k % grid.cols;
    const v = grid.data[k]!;
    const u = unit(v, grid.min, grid.max);
    const marked = isMarked(grid, r, c);
    el.style.backgroundColor = Number.isNaN(v) ? "rgb(241 245 249)" : heatCss(u);
    el.style.color = heatInk(u);
    el.dataset.value = String(v);
    if (marked) el.dataset.mark = grid.marks;
    else delete el.dataset.mark;
    const best = marked && grid.marks === "row-best" ? `, ${bestName}` : "";
    // The name reads the value as the cell shows it, when it shows one.
    const shown = showValues ? formatScore(v, 2) : formatScore(v);
    el.setAttribute("aria-label", `${axisName(rows, r)} × ${axisName(cols, c)}: ${shown}${best}`);
    if (showValues) el.textContent = shown;
  });
}

/** One small style block does hover crosshair, keyboard focus and the selection spotlight, without re-rendering cells. */
function spotlightCss(uid: string, hover: HeatCell | null, active: HeatCell | null, sel: HeatSelection): string {
  const cell = (c: HeatCell) => `#${uid}-${c.row}-${c.col}`;
  const amber = "background: rgb(254 243 199); color: rgb(120 53 15); font-weight: 600;";
  const dimmed = `#${uid} [data-testid="heatmap-cell"]${sel.row !== null ? `:not([data-row="${sel.row}"])` : ""}${sel.col !== null ? `:not([data-col="${sel.col}"])` : ""}`;
  const both = sel.row !== null && sel.col !== null ? { row: sel.row, col: sel.col } : null;
  return [
    hover &&
      `#${uid} [data-rh="${hover.row}"], #${uid} [data-ch="${hover.col}"] { background: rgb(238 242 255); color: rgb(49 46 129); }`,
    active &&
      `#${uid}:focus-visible ${cell(active)} { outline: 2px solid rgb(15 23 42); outline-offset: -1px; z-index: 1; }`,
    sel.row !== null && `#${uid} [data-rh="${sel.row}"] { ${amber} }`,
    sel.col !== null && `#${uid} [data-ch="${sel.col}"] { ${amber} }`,
    (sel.row !== null || sel.col !== null) && `${dimmed} { opacity: 0.35; }`,
    both && `${cell(both)} { outline: 2px solid rgb(245 158 11); outline-offset: -2px; z-index: 1; }`,
  ]
    .filter(Boolean)
    .join("\n");
}

/** The header row, then each row's header and its (unpainted) cells. */
const Lines = memo(function Lines({
  rowCount,
  colCount,
  rows,
  cols,
  uid,
  onSelect,
}: {
  rowCount: number;
  colCount: number;
  rows: HeatAxis;
  cols: HeatAxis;
  uid: string;
  onSelect: (s: HeatSelection) => void;
}) {
  const lines = [
    <div key="head" role="row" className="contents">
      <div
        role="columnheader"
        className="sticky top-0 left-0 z-30 flex min-w-14 items-end justify-end bg-white px-2 pb-1 text-[10px] leading-tight text-slate-500"
      >
        <span className="text-right whitespace-nowrap">
          {cols.title}
          <br />
          {rows.title}
        </span>
      </div>
      {Array.from({ length: colCount }, (_, c) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions
          key={c}
          role="columnheader"
          className="sticky top-0 z-20 flex items-end justify-center bg-white/95 pb-1 backdrop-blur"
        >
          <LineLabel
            side="col"
            axis={cols}
            index={c}
            onSelect={onSelect}
            tabbable
            className="max-h-24 px-0.5 py-1 text-slate-600 hover:bg-slate-100"
          />
        </div>
      ))}
    </div>,
  ];
  for (let r = 0; r < rowCount; r++) {
    const cells = [];
    for (let c = 0; c < colCount; c++) {
      cells.push(
        <div
          key={c}
          id={`${uid}-${r}-${c}`}
          role="gridcell"
          data-testid="heatmap-cell"
          data-row={r}
          data-col={c}
          className="relative flex aspect-square cursor-crosshair items-center justify-center border-[0.5px] border-white/70 text-[11px] tabular-nums transition-opacity hover:z-10 hover:outline-2 hover:outline-slate-900 data-[mark=diagonal]:bg-[repeating-linear-gradient(45deg,transparent_0_3px,rgb(255_255_255/0.35)_3px_5px)] data-[mark=row-best]:after:size-2 data-[mark=row-best]:after:rounded-full data-[mark=row-best]:after:bg-white data-[mark=row-best]:after:shadow-[0_0_0_2px_rgb(245_158_11)]"
        />,
      );
    }
    lines.push(
      <div key={r} role="row" className="contents">
        <div
          role="rowheader"
          className={`sticky left-0 z-10 flex items-center bg-white/95 pr-1.5 backdrop-blur ${rows.numbered ? "justify-start" : "justify-end"}`}
        >
          <LineLabel
            side="row"
            axis={rows}
            index={r}
            onSelect={onSelect}
            tabbable
            className="max-w-[6rem] px-1.5 py-0.5 text-slate-600 hover:bg-slate-100 sm:max-w-[12rem]"
          />
        </div>
        {cells}
      </div>,
    );
  }
  return <>{lines}</>;
});
