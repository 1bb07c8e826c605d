"use client";

import { type KeyboardEvent, type PointerEvent, useMemo, useRef } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { histogram, pairScores } from "@/lib/m3/pair-histogram";

const BINS = 40;
const W = 640;
const H = 150;
const PAD = { left: 8, right: 8, top: 10, bottom: 22 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;
/** Arrow keys move the threshold by a hundredth, Page Up / Down by a tenth. */
const STEP = 0.01;

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The histogram of every pair's similarity with the near-duplicate threshold drawn across it; dragging the line or
 * pressing the arrow keys on it moves the threshold, which the threshold field shows. A hand-drawn SVG, not a chart
 * library: the draggable, keyboard-operable threshold line is the point of the chart, and 40 rectangles need no
 * dependency.
 */
export function PairHistogram({
  values,
  n,
  threshold,
  onThreshold,
}: {
  values: ArrayLike<number>;
  n: number;
  threshold: number | null;
  onThreshold: (t: number) => void;
}) {
  const { t } = useI18n();
  const svg = useRef<SVGSVGElement>(null);
  const scores = useMemo(() => pairScores(values, n), [values, n]);
  const h = useMemo(() => histogram(scores, BINS, threshold === null ? [] : [threshold]), [scores, threshold]);
  const tallest = Math.max(1, ...h.counts);
  const x = (v: number) => PAD.left + ((v - h.lo) / (h.hi - h.lo)) * PLOT_W;
  const above = threshold === null ? 0 : scores.filter((v) => v >= threshold).length;

  const fromPointer = (e: PointerEvent) => {
    const box = svg.current?.getBoundingClientRect();
    if (!box || box.width === 0) return;
    const px = ((e.clientX - box.left) / box.width) * W;
    const v = h.lo + ((px - PAD.left) / PLOT_W) * (h.hi - h.lo);
    onThreshold(round2(Math.min(h.hi, Math.max(h.lo, v))));
  };
  const onKey = (e: KeyboardEvent) => {
    const now = threshold ?? 0;
    const by: Record<string, number> = {
      ArrowRight: STEP,
      ArrowUp: STEP,
      ArrowLeft: -STEP,
      ArrowDown: -STEP,
      PageUp: 10 * STEP,
      PageDown: -10 * STEP,
    };
    if (e.key === "Home") onThreshold(round2(h.lo));
    else if (e.key === "End") onThreshold(round2(h.hi));
    else if (by[e.key] !== undefined) onThreshold(round2(now + by[e.key]!));
    else return;
    e.preventDefault();
  };

  return (
    <figure data-testid="pair-histogram" className="flex flex-col gap-1.5">
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full touch-none select-none"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          fromPointer(e);
        }}
        onPointerMove={(e) => {
          if (e.currentTarget.hasPointerCapture(e.pointerId)) fromPointer(e);
        }}
      >
        <title>{t("matrix.histogram.heading")}</title>
        {h.counts.map((c, b) => {
          const from = h.lo + b * h.width;
          const barH = (c / tallest) * PLOT_H;
          const near = threshold !== null && from + h.width > threshold;
          return (
            <rect
              // biome-ignore lint/suspicious/noArrayIndexKey: bins are positions
              key={b}
              data-testid="histogram-bin"
              data-count={c}
              x={x(from) + 0.5}
              y={PAD.top + PLOT_H - barH}
              width={Math.max(0, PLOT_W / BINS - 1)}
              height={barH}
              className={near ? "fill-indigo-500" : "fill-slate-300"}
            >
              <title>{`${from.toFixed(3)} – ${(from + h.width).toFixed(3)}: ${c}`}</title>
            </rect>
          );
        })}
        <line
          x1={PAD.left}
          x2={W - PAD.right}
          y1={PAD.top + PLOT_H}
          y2={PAD.top + PLOT_H}
          className="stroke-slate-400"
        />
        <text x={PAD.left} y={H - 6} className="fill-slate-600 text-[11px]">
          {h.lo.toFixed(1)}
        </text>
        <text x={W - PAD.right} y={H - 6} textAnchor="end" className="fill-slate-600 text-[11px]">
          {h.hi.toFixed(1)}
        </text>
        {threshold !== null && (
          <g
            role="slider"
            tabIndex={0}
            data-testid="histogram-threshold"
            aria-label={t("matrix.histogram.threshold")}
            aria-valuemin={round2(h.lo)}
            aria-valuemax={round2(h.hi)}
            aria-valuenow={threshold}
            aria-valuetext={String(threshold)}
            onKeyDown={onKey}
            className="cursor-ew-resize outline-none focus-visible:[&>line]:stroke-[4]"
          >
            <line
              x1={x(threshold)}
              x2={x(threshold)}
              y1={0}
              y2={PAD.top + PLOT_H}
              className="stroke-rose-600 stroke-2"
            />
            <rect x={x(threshold) - 8} y={0} width={16} height={PAD.top + PLOT_H} fill="transparent" />
            <text x={x(threshold)} y={H - 6} textAnchor="middle" className="fill-rose-700 text-[11px] font-semibold">
              {threshold}
            </text>
          </g>
        )}
      </svg>
      <figcaption data-testid="histogram-caption" className="text-xs text-slate-600">
        {t("matrix.histogram.caption", { pairs: scores.length })}{" "}
        {threshold !== null && t("matrix.histogram.above", { n: above, t: String(threshold) })}
      </figcaption>
    </figure>
  );
}
