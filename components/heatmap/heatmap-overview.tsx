"use client";

import { type MouseEvent, useEffect, useRef } from "react";
import { cn } from "@/lib/ui/cn";
import type { BinnedGrid } from "@/lib/ui/heatmap";
import { useElementWidth } from "@/lib/ui/use-element-width";
import { blockAt, drawHeat, layoutFor } from "./canvas-paint";
import type { HeatCell } from "./heat-axis";
import { useHeatCursor } from "./use-heat-cursor";

/** A region of the source grid, in its rows and columns. */
export interface HeatRegion {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface HeatmapOverviewProps {
  /** The source grid already reduced to blocks (each block's largest cell). */
  bins: BinnedGrid;
  label: string;
  describedBy?: string;
  /** The region shown at full resolution elsewhere, outlined on the overview. */
  zoomed: HeatRegion | null;
  /** A click, Enter or Space on a block. */
  onPick: (block: HeatCell) => void;
  /** What the readout says about a block. */
  describe: (block: HeatCell) => string;
}

/**
 * An overview of a grid too large to send or draw cell by cell: its blocks on a canvas (the same painter as
 * `HeatmapCanvas`), walked with the arrow keys or the pointer, and read out below. Picking a block asks the page to
 * show that region at full resolution.
 */
export function HeatmapOverview({ bins, label, describedBy, zoomed, onPick, describe }: HeatmapOverviewProps) {
  const [wrapRef, width] = useElementWidth<HTMLDivElement>(800);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const at = layoutFor(bins, width, false);

  useEffect(() => {
    if (canvasRef.current) drawHeat(canvasRef.current, bins, at.w, at.h);
  }, [bins, at.w, at.h]);

  const cursor = useHeatCursor({ rows: bins.rows, cols: bins.cols, anchor: () => null, reveal: () => {}, onPick });
  const pointed = (e: MouseEvent<HTMLCanvasElement>): HeatCell | null => blockAt(e, at, bins);
  const read = cursor.hover ?? cursor.active;
  const box = zoomed && {
    left: (zoomed.col / bins.colsPerBin) * at.cellW,
    top: (zoomed.row / bins.rowsPerBin) * at.cellH,
    width: Math.max(2, (zoomed.cols / bins.colsPerBin) * at.cellW),
    height: Math.max(2, (zoomed.rows / bins.rowsPerBin) * at.cellH),
  };

  return (
    <div className="flex min-w-0 flex-col gap-2">
      <div
        ref={wrapRef}
        role="application"
        data-testid="heatmap-overview"
        data-rows={bins.rows}
        data-cols={bins.cols}
        aria-label={label}
        aria-describedby={describedBy}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so the arrow keys can walk the blocks
        tabIndex={0}
        onKeyDown={cursor.onKeyDown}
        className="group max-h-[40rem] overflow-auto rounded-xl ring-1 ring-slate-200 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        <div className="relative" style={{ width: at.w, height: at.h }}>
          <canvas
            ref={canvasRef}
            style={{ width: at.w, height: at.h }}
            className="block cursor-zoom-in"
            onPointerMove={(e) => cursor.point(pointed(e))}
            onPointerLeave={cursor.leave}
            onClick={(e) => {
              const hit = pointed(e);
              if (hit) cursor.pick(hit);
            }}
          />
          {box && (
            <span
              aria-hidden="true"
              data-testid="overview-zoom-box"
              className="pointer-events-none absolute outline-2 outline-amber-500"
              style={box}
            />
          )}
          {cursor.active && (
            <span
              aria-hidden="true"
              className={cn(
                "pointer-events-none absolute hidden outline-2 outline-slate-900 group-focus-visible:block",
              )}
              style={{
                left: cursor.active.col * at.cellW,
                top: cursor.active.row * at.cellH,
                width: at.cellW,
                height: at.cellH,
              }}
            />
          )}
        </div>
      </div>
      <p data-testid="overview-readout" aria-live="polite" className="min-h-4 text-xs text-slate-600 tabular-nums">
        {read ? describe(read) : ""}
      </p>
    </div>
  );
}
