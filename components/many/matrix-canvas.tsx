"use client";

import { type KeyboardEvent, type MouseEvent, useEffect, useRef, useState } from "react";
import { HeatmapTooltip, type TooltipInfo } from "@/components/compare/heatmap-tooltip";
import { formatScore } from "@/lib/ui/format";
import { gridKeyStep } from "@/lib/ui/grid-keys";
import { heatRgb, unit } from "@/lib/ui/heatmap";
import { useElementWidth } from "@/lib/ui/use-element-width";
import type { MatrixCell, MatrixHeatmapProps } from "./matrix-heatmap";
import { useManyT } from "./messages";

const LABEL_W = 150;
const snippet = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * The heatmap drawn on a canvas, for more texts than a DOM grid repaints quickly: a slider move is one pass of n²
 * `fillRect`s. Hover shows the tooltip; click selects; the canvas is focusable and the arrow keys move a cursor whose
 * cell is read out below (`matrix-readout`, with `data-row`, `data-col`, `data-value`) and announced politely.
 */
export function MatrixCanvas({
  n,
  values,
  texts,
  selected,
  onSelect,
  range,
}: MatrixHeatmapProps & { range: { min: number; max: number } }) {
  const t = useManyT();
  const [wrapRef, width] = useElementWidth<HTMLDivElement>(800);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [tip, setTip] = useState<TooltipInfo | null>(null);
  const [cursor, setCursor] = useState<MatrixCell | null>(null);

  const cell = Math.max(5, Math.min(18, Math.floor((width - LABEL_W) / n)));
  const side = cell * n;
  const labelFont = Math.max(7, Math.min(12, cell - 2));

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(side * dpr);
    canvas.height = Math.round(side * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const [R, G, B] = heatRgb(unit(values[r * n + c]!, range.min, range.max));
        ctx.fillStyle = `rgb(${R} ${G} ${B})`;
        ctx.fillRect(c * cell, r * cell, cell, cell);
      }
    }
    // The diagonal (each text against itself) is hatched, as in the DOM grid.
    ctx.strokeStyle = "rgb(255 255 255 / 0.6)";
    ctx.lineWidth = 1;
    for (let i = 0; i < n; i++) {
      ctx.beginPath();
      ctx.moveTo(i * cell, (i + 1) * cell);
      ctx.lineTo((i + 1) * cell, i * cell);
      ctx.stroke();
    }
    for (const [m, colour] of [
      [selected, "rgb(245 158 11)"],
      [cursor, "rgb(15 23 42)"],
    ] as const) {
      if (!m) continue;
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      ctx.strokeRect(m.col * cell + 1, m.row * cell + 1, cell - 2, cell - 2);
    }
  }, [values, n, cell, side, range, selected, cursor]);

  const at = (e: MouseEvent<HTMLCanvasElement>): MatrixCell | null => {
    const rect = e.currentTarget.getBoundingClientRect();
    const col = Math.floor((e.clientX - rect.left) / cell);
    const row = Math.floor((e.clientY - rect.top) / cell);
    return row >= 0 && row < n && col >= 0 && col < n ? { row, col } : null;
  };

  const tipAt = (m: MatrixCell): TooltipInfo | null => {
    const rect = canvasRef.current?.getBoundingClientRect();
    if (!rect) return null;
    return {
      x: rect.left + (m.col + 0.5) * cell,
      y: rect.top + m.row * cell,
      h: cell,
      rowLabel: `#${m.row} ${snippet(texts[m.row] ?? "", 28)}`,
      colLabel: `#${m.col} ${snippet(texts[m.col] ?? "", 28)}`,
      value: values[m.row * n + m.col]!,
      rowBest: false,
    };
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const cur = cursor ?? { row: 0, col: 0 };
    const next = gridKeyStep(e.key, cur.row, cur.col, n, n);
    if (next) {
      e.preventDefault();
      setCursor(next);
      setTip(tipAt(next));
    } else if ((e.key === "Enter" || e.key === " ") && cursor) {
      e.preventDefault();
      onSelect(cursor);
    } else if (e.key === "Escape") setTip(null);
  };

  const read = cursor ?? selected;
  return (
    <div ref={wrapRef} className="relative flex min-w-0 flex-col gap-2">
      <div className="max-h-[44rem] overflow-auto overscroll-contain rounded-xl ring-1 ring-slate-200">
        <div className="flex w-max">
          <div className="sticky left-0 z-10 bg-white" style={{ width: LABEL_W }}>
            {texts.map((text, r) => (
              <div
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
                key={r}
                title={text}
                data-rh={r}
                className="flex items-center gap-1 truncate px-1.5 text-slate-600"
                style={{ height: cell, fontSize: labelFont, lineHeight: `${cell}px` }}
              >
                <span className="shrink-0 text-slate-400 tabular-nums">#{r}</span>
                <span className="truncate">{text}</span>
              </div>
            ))}
          </div>
          <canvas
            ref={canvasRef}
            data-testid="matrix-heatmap"
            data-render="canvas"
            data-n={n}
            role="img"
            aria-label={`${t("matrix.heatmap.label")} (${n} × ${n})`}
            tabIndex={0}
            style={{ width: side, height: side }}
            className="cursor-crosshair outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            onPointerMove={(e) => {
              const m = at(e);
              setCursor(m);
              setTip(m ? tipAt(m) : null);
            }}
            onPointerLeave={() => setTip(null)}
            onBlur={() => setTip(null)}
            onClick={(e) => {
              const m = at(e);
              if (m) onSelect(m);
            }}
            onKeyDown={onKeyDown}
          />
        </div>
      </div>
      <p
        data-testid="matrix-readout"
        data-row={read?.row ?? ""}
        data-col={read?.col ?? ""}
        data-value={read ? values[read.row * n + read.col] : ""}
        aria-live="polite"
        className="min-h-4 text-xs text-slate-500 tabular-nums"
      >
        {read ? `#${read.row} → #${read.col}: ${formatScore(values[read.row * n + read.col]!)}` : ""}
      </p>
      {tip && <HeatmapTooltip info={tip} />}
    </div>
  );
}
