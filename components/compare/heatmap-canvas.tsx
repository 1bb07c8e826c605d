"use client";

import { type KeyboardEvent, type MouseEvent, type PointerEvent, useEffect, useMemo, useRef, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { gridKeyStep } from "@/lib/ui/grid-keys";
import { binGrid, heatRgb, unit } from "@/lib/ui/heatmap";
import { useElementWidth } from "@/lib/ui/use-element-width";
import type { HeatmapViewProps } from "./heatmap-grid";
import { HeatmapTooltip, type TooltipInfo } from "./heatmap-tooltip";

/** Above this many rows or columns, cells are merged into blocks (by maximum) before drawing. */
const MAX_BINS = 400;
/** The drawn image never exceeds this many CSS pixels per side. */
const MAX_SIDE_PX = 8000;
const LABEL_W = 112;

/**
 * The heatmap drawn on a canvas, for matrices too large for one element per cell. Drawing is one
 * putImageData of at most 400 × 400 blocks, scaled up without smoothing, so even an 8k × 8k matrix stays fast.
 */
export function HeatmapCanvas({
  grid,
  rowLabels,
  colLabels,
  selectedRow,
  selectedCol,
  onSelectRow,
  onSelectCol,
  onSelectCell,
}: HeatmapViewProps) {
  const { t } = useI18n();
  const bins = useMemo(() => binGrid(grid, MAX_BINS), [grid]);
  const aggregated = bins.rowsPerBin > 1 || bins.colsPerBin > 1;
  const [wrapRef, width] = useElementWidth<HTMLDivElement>(800);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [tip, setTip] = useState<TooltipInfo | null>(null);
  const [hover, setHover] = useState<{ r: number; c: number } | null>(null);
  const [active, setActive] = useState<{ r: number; c: number } | null>(null);

  const showLabels = bins.rowsPerBin === 1;
  const labelW = showLabels ? LABEL_W : 0;
  const cellW = Math.max(
    3,
    Math.min(40, Math.floor((width - labelW) / bins.cols), Math.floor(MAX_SIDE_PX / bins.cols)),
  );
  const cellH = Math.max(
    showLabels ? 16 : 3,
    Math.min(28, Math.floor(420 / bins.rows), Math.floor(MAX_SIDE_PX / bins.rows)),
  );
  const w = bins.cols * cellW;
  const h = bins.rows * cellH;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const dpr = Math.min(2, window.devicePixelRatio || 1) * (w * h > 4_000_000 ? 0.5 : 1);
    canvas.width = Math.max(1, Math.round(w * Math.max(1, dpr)));
    canvas.height = Math.max(1, Math.round(h * Math.max(1, dpr)));
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    const img = new ImageData(bins.cols, bins.rows);
    for (let k = 0; k < bins.rows * bins.cols; k++) {
      const v = bins.data[k]!;
      const [r, g, b] = Number.isFinite(v) ? heatRgb(unit(v, grid.min, grid.max)) : [241, 245, 249];
      img.data[4 * k] = r;
      img.data[4 * k + 1] = g;
      img.data[4 * k + 2] = b;
      img.data[4 * k + 3] = 255;
    }
    const off = document.createElement("canvas");
    off.width = bins.cols;
    off.height = bins.rows;
    off.getContext("2d")?.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
    // Row maxima: an amber dot with a white ring in each row's best block, at least 3 CSS px across even when
    // blocks are thinner, so the marks stay visible on a long text.
    const sx = canvas.width / bins.cols;
    const sy = canvas.height / bins.rows;
    const px = canvas.width / w;
    const radius = Math.min(Math.max(Math.min(sx, sy) * 0.3, 3 * px), 6 * px);
    ctx.lineWidth = 1.5 * px;
    ctx.strokeStyle = "#ffffff";
    ctx.fillStyle = "#f59e0b";
    for (let r = 0; r < bins.rows; r++) {
      const c = bins.rowMaxCol[r]!;
      if (c < 0) continue;
      ctx.beginPath();
      ctx.arc((c + 0.5) * sx, (r + 0.5) * sy, radius, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  }, [bins, grid.min, grid.max, w, h]);

  const infoFor = (r: number, c: number): TooltipInfo => {
    const k = r * bins.cols + c;
    const ar = bins.argRow[k]!;
    const ac = bins.argCol[k]!;
    const rect = canvasRef.current?.getBoundingClientRect();
    return {
      x: (rect?.left ?? 0) + (c + 0.5) * cellW,
      y: (rect?.top ?? 0) + r * cellH,
      h: cellH,
      rowLabel: rowLabels[ar] ?? "",
      colLabel: colLabels[ac] ?? "",
      value: bins.data[k]!,
      rowBest: grid.rowMaxCol[ar] === ac,
      block: aggregated
        ? {
            r0: r * bins.rowsPerBin + 1,
            r1: Math.min(grid.rows, (r + 1) * bins.rowsPerBin),
            c0: c * bins.colsPerBin + 1,
            c1: Math.min(grid.cols, (c + 1) * bins.colsPerBin),
          }
        : undefined,
    };
  };

  const binAt = (e: MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const c = Math.floor((e.clientX - rect.left) / cellW);
    const r = Math.floor((e.clientY - rect.top) / cellH);
    return r >= 0 && r < bins.rows && c >= 0 && c < bins.cols ? { r, c } : null;
  };

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const hit = binAt(e);
    if (!hit) return clear();
    if (hover?.r === hit.r && hover.c === hit.c) return;
    setHover(hit);
    setTip(infoFor(hit.r, hit.c));
  };

  const clear = () => {
    setHover(null);
    setTip(null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const cur = active ?? { r: 0, c: 0 };
    const step = gridKeyStep(e.key, cur.r, cur.c, bins.rows, bins.cols);
    if (step) {
      e.preventDefault();
      const { row: r, col: c } = step;
      setActive({ r, c });
      setHover({ r, c });
      const scroller = wrapRef.current;
      if (scroller) {
        const x = labelW + c * cellW;
        if (x < scroller.scrollLeft + labelW || x + cellW > scroller.scrollLeft + scroller.clientWidth)
          scroller.scrollLeft = x - scroller.clientWidth / 2;
        const y = r * cellH;
        if (y < scroller.scrollTop || y + cellH > scroller.scrollTop + scroller.clientHeight)
          scroller.scrollTop = y - scroller.clientHeight / 2;
      }
      requestAnimationFrame(() => setTip(infoFor(r, c)));
    } else if ((e.key === "Enter" || e.key === " ") && active) {
      e.preventDefault();
      const k = active.r * bins.cols + active.c;
      onSelectCell(bins.argRow[k]!, bins.argCol[k]!);
    } else if (e.key === "Escape") {
      setTip(null);
    }
  };

  const selRowBin = selectedRow === null ? null : Math.floor(selectedRow / bins.rowsPerBin);
  const selColBin = selectedCol === null ? null : Math.floor(selectedCol / bins.colsPerBin);

  return (
    <div className="relative flex flex-col gap-2">
      <p className="text-xs text-slate-500">
        {aggregated
          ? t("heatmap.aggregated", { rows: grid.rows, cols: grid.cols, br: bins.rowsPerBin, bc: bins.colsPerBin })
          : t("heatmap.large", { rows: grid.rows, cols: grid.cols })}
      </p>
      <div
        ref={wrapRef}
        role="application"
        data-testid="heatmap"
        data-render="canvas"
        data-rows={grid.rows}
        data-cols={grid.cols}
        aria-label={t("heatmap.label")}
        aria-describedby="heatmap-keys"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so the arrow keys can walk the drawn cells
        tabIndex={0}
        onKeyDown={onKeyDown}
        onBlur={() => setTip(null)}
        onScroll={() => setTip(null)}
        className="max-h-[30rem] overflow-auto overscroll-contain rounded-xl ring-1 ring-slate-200 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        {bins.colsPerBin === 1 && cellW >= 14 && (
          <div className="sticky top-0 z-20 flex w-max bg-white/95 backdrop-blur">
            <div className="sticky left-0 z-10 shrink-0 bg-white" style={{ width: labelW }} />
            {colLabels.map((label, c) => (
              <button
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions
                key={c}
                type="button"
                tabIndex={-1}
                data-testid="heatmap-col-token"
                data-col={c}
                title={label}
                onClick={() => onSelectCol(c)}
                className={`flex max-h-24 shrink-0 items-end justify-center overflow-hidden py-1 text-xs text-ellipsis whitespace-nowrap [text-orientation:mixed] [writing-mode:vertical-rl] ${selectedCol === c ? "bg-amber-100 font-semibold text-amber-900" : hover?.c === c ? "bg-indigo-50 text-indigo-900" : "text-slate-600 hover:bg-slate-100"}`}
                style={{ width: cellW }}
              >
                {label}
              </button>
            ))}
          </div>
        )}
        <div className="relative flex w-max">
          {showLabels && (
            <div
              className="sticky left-0 z-10 flex shrink-0 flex-col bg-white/95 backdrop-blur"
              style={{ width: labelW }}
            >
              {rowLabels.map((label, r) => (
                <button
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
                  key={r}
                  type="button"
                  tabIndex={-1}
                  data-testid="heatmap-row-token"
                  data-row={r}
                  title={label}
                  onClick={() => onSelectRow(r)}
                  className={`truncate px-2 text-right text-xs ${selectedRow === r ? "bg-amber-100 font-semibold text-amber-900" : hover?.r === r ? "bg-indigo-50 text-indigo-900" : "text-slate-600 hover:bg-slate-100"}`}
                  style={{ height: cellH, lineHeight: `${cellH}px` }}
                >
                  {label}
                </button>
              ))}
            </div>
          )}
          <div className="relative shrink-0" style={{ width: w, height: h }}>
            <canvas
              ref={canvasRef}
              style={{ width: w, height: h }}
              className="block cursor-crosshair"
              onPointerMove={onPointerMove}
              onPointerLeave={clear}
              onClick={(e) => {
                const hit = binAt(e);
                if (!hit) return;
                const k = hit.r * bins.cols + hit.c;
                onSelectCell(bins.argRow[k]!, bins.argCol[k]!);
              }}
            />
            {selRowBin !== null && (
              <span
                aria-hidden="true"
                className="pointer-events-none absolute left-0 w-full ring-2 ring-amber-400"
                style={{ top: selRowBin * cellH, height: cellH }}
              />
            )}
            {selColBin !== null && (
              <span
                aria-hidden="true"
                className="pointer-events-none absolute top-0 h-full ring-2 ring-amber-400"
                style={{ left: selColBin * cellW, width: cellW }}
              />
            )}
            {hover && (
              <span
                aria-hidden="true"
                className="pointer-events-none absolute outline-2 outline-slate-900"
                style={{ left: hover.c * cellW, top: hover.r * cellH, width: cellW, height: cellH }}
              />
            )}
          </div>
        </div>
      </div>
      {tip && <HeatmapTooltip info={tip} />}
    </div>
  );
}
