"use client";

import { type MouseEvent, type ReactNode, useEffect, useMemo, useRef } from "react";
import { cn } from "@/lib/ui/cn";
import { formatScore } from "@/lib/ui/format";
import { type BinnedGrid, binGrid, type HeatGrid } from "@/lib/ui/heatmap";
import { useElementWidth } from "@/lib/ui/use-element-width";
import { blockAt, type CanvasLayout, drawHeat, layoutFor, scrollToCell } from "./canvas-paint";
import { axisName, type HeatCell, type HeatmapViewProps } from "./heat-axis";
import { HeatmapTooltip, type TipBlock } from "./heatmap-tooltip";
import { LineLabel } from "./line-label";
import { useHeatCursor } from "./use-heat-cursor";

/** Above this many rows or columns, cells are merged into blocks (by maximum) before drawing. */
const MAX_BINS = 400;

export interface HeatmapCanvasProps extends HeatmapViewProps {
  /** Square cells (a matrix of texts); otherwise cells fill the width and keep a readable height. */
  square?: boolean;
  /** A line above the image, given how the grid was reduced to blocks. */
  caption?: (bins: BinnedGrid) => ReactNode;
}

/**
 * The heatmap drawn on a canvas, for grids too large for one element per cell. Drawing is one putImageData of at most
 * 400 × 400 blocks, scaled up without smoothing, so even an 8k × 8k grid stays fast. The canvas is focusable: the
 * arrow keys move a cursor whose cell is read out below (`heatmap-readout`, with `data-row`, `data-col` and
 * `data-value`, announced politely).
 */
export function HeatmapCanvas({
  grid,
  rows,
  cols,
  selection,
  onSelect,
  label,
  describedBy,
  square,
  caption,
}: HeatmapCanvasProps) {
  const bins = useMemo(() => binGrid(grid, MAX_BINS), [grid]);
  const [wrapRef, width] = useElementWidth<HTMLDivElement>(800);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const at = layoutFor(bins, width, square ?? false);

  useEffect(() => {
    if (canvasRef.current) drawHeat(canvasRef.current, bins, at.w, at.h);
  }, [bins, at.w, at.h]);

  const source = (c: HeatCell): HeatCell | null => {
    const k = c.row * bins.cols + c.col;
    const row = bins.argRow[k]!;
    return row < 0 ? null : { row, col: bins.argCol[k]! };
  };

  const cursor = useHeatCursor({
    rows: bins.rows,
    cols: bins.cols,
    anchor: (c) => {
      const rect = canvasRef.current?.getBoundingClientRect();
      if (!rect) return null;
      return { x: rect.left + (c.col + 0.5) * at.cellW, y: rect.top + c.row * at.cellH, h: at.cellH, clear: rect.top };
    },
    reveal: (c) => {
      const scroller = wrapRef.current;
      if (scroller) scrollToCell(scroller, at.labelW + c.col * at.cellW, c.row * at.cellH, at);
    },
    onPick: (c) => {
      const s = source(c);
      if (s) onSelect(s);
    },
  });

  const binAt = (e: MouseEvent<HTMLCanvasElement>): HeatCell | null => blockAt(e, at, bins);

  const pointed = cursor.hover ?? cursor.active;
  const selectedCell =
    selection.row !== null && selection.col !== null ? { row: selection.row, col: selection.col } : null;
  const read = (pointed && source(pointed)) ?? selectedCell;
  const tipCell = cursor.tip && source(cursor.tip.cell);
  const selRowBin = selection.row === null ? null : Math.floor(selection.row / bins.rowsPerBin);
  const selColBin = selection.col === null ? null : Math.floor(selection.col / bins.colsPerBin);
  const lineClass = (selected: boolean, hovered: boolean) =>
    selected
      ? "bg-amber-100 font-semibold text-amber-900"
      : hovered
        ? "bg-indigo-50 text-indigo-900"
        : "text-slate-600 hover:bg-slate-100";

  return (
    <div className="relative flex min-w-0 flex-col gap-2">
      {caption && <p className="text-xs text-slate-500">{caption(bins)}</p>}
      <div
        ref={wrapRef}
        role="application"
        data-testid="heatmap"
        data-render="canvas"
        data-rows={grid.rows}
        data-cols={grid.cols}
        aria-label={label}
        aria-describedby={describedBy}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so the arrow keys can walk the drawn cells
        tabIndex={0}
        onKeyDown={cursor.onKeyDown}
        onBlur={cursor.hideTip}
        onScroll={cursor.onScroll}
        className="group max-h-[40rem] overflow-auto overscroll-contain rounded-xl ring-1 ring-slate-200 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        {at.colLabels && (
          <div className="sticky top-0 z-20 flex w-max bg-white/95 backdrop-blur">
            <div className="sticky left-0 z-10 shrink-0 bg-white" style={{ width: at.labelW }} />
            {cols.labels.map((_, c) => (
              <LineLabel
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions
                key={c}
                side="col"
                axis={cols}
                index={c}
                onSelect={onSelect}
                className={cn(
                  "flex max-h-24 shrink-0 items-end justify-center py-1",
                  lineClass(selection.col === c, cursor.hover?.col === c),
                )}
                style={{ width: at.cellW }}
              />
            ))}
          </div>
        )}
        <div className="relative flex w-max">
          {at.rowLabels && (
            <div
              className="sticky left-0 z-10 flex shrink-0 flex-col bg-white/95 backdrop-blur"
              style={{ width: at.labelW }}
            >
              {rows.labels.map((_, r) => (
                <LineLabel
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
                  key={r}
                  side="row"
                  axis={rows}
                  index={r}
                  onSelect={onSelect}
                  className={cn("shrink-0 px-2", lineClass(selection.row === r, cursor.hover?.row === r))}
                  style={{ height: at.cellH, fontSize: at.font }}
                />
              ))}
            </div>
          )}
          <div className="relative shrink-0" style={{ width: at.w, height: at.h }}>
            <canvas
              ref={canvasRef}
              style={{ width: at.w, height: at.h }}
              className="block cursor-crosshair"
              onPointerMove={(e) => cursor.point(binAt(e))}
              onPointerLeave={cursor.leave}
              onClick={(e) => {
                const hit = binAt(e);
                if (hit) cursor.pick(hit);
              }}
            />
            {selRowBin !== null && (
              <Overlay
                className="ring-2 ring-amber-400"
                box={{ left: 0, top: selRowBin * at.cellH, width: at.w, height: at.cellH }}
              />
            )}
            {selColBin !== null && (
              <Overlay
                className="ring-2 ring-amber-400"
                box={{ left: selColBin * at.cellW, top: 0, width: at.cellW, height: at.h }}
              />
            )}
            {cursor.hover && <Overlay className="outline-2 outline-slate-900" box={cellBox(cursor.hover, at)} />}
            {cursor.active && (
              <Overlay
                className="hidden outline-2 outline-slate-900 group-focus-visible:block"
                box={cellBox(cursor.active, at)}
              />
            )}
          </div>
        </div>
      </div>
      <p
        data-testid="heatmap-readout"
        data-row={read?.row ?? ""}
        data-col={read?.col ?? ""}
        data-value={read ? grid.data[read.row * grid.cols + read.col] : ""}
        aria-live="polite"
        className="min-h-4 text-xs text-slate-500 tabular-nums"
      >
        {read
          ? `${axisName(rows, read.row)} × ${axisName(cols, read.col)}: ${formatScore(grid.data[read.row * grid.cols + read.col]!)}`
          : ""}
      </p>
      {cursor.tip && tipCell && (
        <HeatmapTooltip
          grid={grid}
          rows={rows}
          cols={cols}
          cell={tipCell}
          anchor={cursor.tip.anchor}
          block={blockOf(grid, bins, cursor.tip.cell)}
        />
      )}
    </div>
  );
}

const cellBox = (c: HeatCell, at: CanvasLayout) => ({
  left: c.col * at.cellW,
  top: c.row * at.cellH,
  width: at.cellW,
  height: at.cellH,
});

function Overlay({ box, className }: { box: ReturnType<typeof cellBox>; className: string }) {
  return <span aria-hidden="true" className={cn("pointer-events-none absolute", className)} style={box} />;
}

/** The source rows and columns a block covers, when blocks stand for many cells. */
function blockOf(grid: HeatGrid, bins: BinnedGrid, c: HeatCell): TipBlock | undefined {
  if (bins.rowsPerBin === 1 && bins.colsPerBin === 1) return undefined;
  return {
    r0: c.row * bins.rowsPerBin + 1,
    r1: Math.min(grid.rows, (c.row + 1) * bins.rowsPerBin),
    c0: c.col * bins.colsPerBin + 1,
    c1: Math.min(grid.cols, (c.col + 1) * bins.colsPerBin),
  };
}
