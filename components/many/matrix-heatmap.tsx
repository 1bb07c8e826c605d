// biome-ignore-all lint/a11y/useSemanticElements: the ARIA grid pattern on a CSS grid, as the compare page's heatmap
// biome-ignore-all lint/a11y/useFocusableInteractive: cells are reached through aria-activedescendant on the focusable grid
"use client";

import { type KeyboardEvent, memo, type PointerEvent, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import { HeatmapTooltip, type TooltipInfo } from "@/components/compare/heatmap-tooltip";
import { cn } from "@/lib/ui/cn";
import { formatScore } from "@/lib/ui/format";
import { gridKeyStep } from "@/lib/ui/grid-keys";
import { heatCss, heatGradientCss, unit } from "@/lib/ui/heatmap";
import { MatrixCanvas } from "./matrix-canvas";
import { useManyT } from "./messages";

export interface MatrixCell {
  row: number;
  col: number;
}

export interface MatrixHeatmapProps {
  n: number;
  /** Row-major n×n values (row = query text, column = document text). */
  values: Float64Array;
  texts: readonly string[];
  selected: MatrixCell | null;
  onSelect: (cell: MatrixCell) => void;
}

/** The lowest and highest off-diagonal value (the diagonal, a text against itself, would flatten the scale). */
export function offDiagonalRange(values: ArrayLike<number>, n: number): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const v = values[i * n + j]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return Number.isFinite(min) ? { min, max } : { min: 0, max: 1 };
}

export const snippet = (s: string, max = 42) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Up to this many texts the heatmap keeps one DOM element per cell; beyond it, a canvas. */
export const DOM_MAX_TEXTS = 32;

/**
 * The N×N heatmap with its colour legend: a DOM grid of `matrix-cell`s up to 32 texts, a canvas beyond (one repaint
 * per slider move, however many cells). Colours span the off-diagonal range.
 */
export function MatrixHeatmap(props: MatrixHeatmapProps) {
  const t = useManyT();
  const { n, values } = props;
  const range = useMemo(() => offDiagonalRange(values, n), [values, n]);
  return (
    <div className="flex min-w-0 flex-col gap-3">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-xs text-slate-500">
        <span className="flex items-center gap-2">
          <span className="tabular-nums" data-testid="matrix-min">
            {formatScore(range.min, 2)}
          </span>
          <span aria-hidden="true" className="h-2 w-28 rounded-full" style={{ background: heatGradientCss() }} />
          <span className="tabular-nums" data-testid="matrix-max">
            {formatScore(range.max, 2)}
          </span>
          <span>{t("matrix.heatmap.scale")}</span>
        </span>
      </div>
      {n <= DOM_MAX_TEXTS ? <MatrixGrid {...props} range={range} /> : <MatrixCanvas {...props} range={range} />}
    </div>
  );
}

/**
 * The heatmap as a DOM grid. Rows and headers are rendered by React once per set of texts; a slider move only
 * repaints the cells (colour, `data-value`, aria-label, and the number when cells are large enough). Every cell is a
 * `matrix-cell` with `data-row`, `data-col` and `data-value`.
 */
function MatrixGrid({
  n,
  values,
  texts,
  selected,
  onSelect,
  range,
}: MatrixHeatmapProps & { range: { min: number; max: number } }) {
  const t = useManyT();
  const uid = `mx${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const gridRef = useRef<HTMLDivElement>(null);
  const [tip, setTip] = useState<TooltipInfo | null>(null);
  const [active, setActive] = useState<MatrixCell | null>(null);
  const showNumbers = n <= 12;
  // Cell edge in CSS pixels: numbers fit up to 12 texts.
  const cellPx = n <= 12 ? 40 : 22;

  useLayoutEffect(() => {
    const root = gridRef.current;
    if (!root) return;
    for (const el of root.querySelectorAll<HTMLElement>('[data-testid="matrix-cell"]')) {
      const r = Number(el.dataset.row);
      const c = Number(el.dataset.col);
      const v = values[r * n + c]!;
      const u = unit(v, range.min, range.max);
      el.style.backgroundColor = heatCss(u);
      el.style.color = u > 0.55 ? "white" : "rgb(30 41 59)";
      el.dataset.value = String(v);
      el.setAttribute("aria-label", `#${r} → #${c}: ${formatScore(v)}`);
      if (showNumbers) el.textContent = formatScore(v, 2);
    }
  }, [values, n, range, showNumbers]);

  const cellAt = (target: EventTarget | null) => {
    const el = (target as Element | null)?.closest?.('[data-testid="matrix-cell"]') as HTMLElement | null;
    return el ? { el, row: Number(el.dataset.row), col: Number(el.dataset.col) } : null;
  };

  const tipFor = (row: number, col: number, el: Element): TooltipInfo => {
    const rect = el.getBoundingClientRect();
    return {
      x: rect.left + rect.width / 2,
      y: rect.top,
      h: rect.height,
      rowLabel: `#${row} ${snippet(texts[row] ?? "", 28)}`,
      colLabel: `#${col} ${snippet(texts[col] ?? "", 28)}`,
      value: values[row * n + col]!,
      rowBest: false,
    };
  };

  const onPointerOver = (e: PointerEvent<HTMLDivElement>) => {
    const hit = cellAt(e.target);
    setTip(hit ? tipFor(hit.row, hit.col, hit.el) : null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const cur = active ?? { row: 0, col: 0 };
    const next = gridKeyStep(e.key, cur.row, cur.col, n, n);
    if (next) {
      e.preventDefault();
      setActive(next);
      const el = e.currentTarget.querySelector(`#${uid}-${next.row}-${next.col}`);
      if (el) {
        el.scrollIntoView({ block: "nearest", inline: "nearest" });
        setTip(tipFor(next.row, next.col, el));
      }
    } else if ((e.key === "Enter" || e.key === " ") && active) {
      e.preventDefault();
      onSelect(active);
    } else if (e.key === "Escape") setTip(null);
  };

  const css = [
    selected &&
      `#${uid} [data-testid="matrix-cell"][data-row="${selected.row}"][data-col="${selected.col}"] { outline: 2px solid rgb(245 158 11); outline-offset: -2px; z-index: 1; }`,
    selected &&
      `#${uid} [data-rh="${selected.row}"], #${uid} [data-ch="${selected.col}"] { background: rgb(254 243 199); }`,
    active &&
      `#${uid}:focus-visible [data-testid="matrix-cell"][data-row="${active.row}"][data-col="${active.col}"] { outline: 2px solid rgb(15 23 42); outline-offset: -1px; }`,
  ]
    .filter(Boolean)
    .join("\n");

  return (
    <div className="relative">
      <style>{css}</style>
      <div
        className="max-h-[40rem] overflow-auto overscroll-contain rounded-xl ring-1 ring-slate-200"
        onScroll={() => setTip(null)}
      >
        <div
          id={uid}
          ref={gridRef}
          role="grid"
          data-testid="matrix-heatmap"
          data-n={n}
          aria-label={t("matrix.heatmap.label")}
          aria-rowcount={n + 1}
          aria-colcount={n + 1}
          aria-activedescendant={active ? `${uid}-${active.row}-${active.col}` : undefined}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onPointerOver={onPointerOver}
          onPointerLeave={() => setTip(null)}
          onBlur={() => setTip(null)}
          onClick={(e) => {
            const hit = cellAt(e.target);
            if (hit) {
              setActive({ row: hit.row, col: hit.col });
              onSelect({ row: hit.row, col: hit.col });
            }
          }}
          className="grid w-max min-w-full outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset"
          style={{ gridTemplateColumns: `minmax(8rem, 15rem) repeat(${n}, minmax(${cellPx}px, 1fr))` }}
        >
          <Rows n={n} texts={texts} uid={uid} cellPx={cellPx} corner={t("matrix.heatmap.corner")} />
        </div>
      </div>
      {tip && <HeatmapTooltip info={tip} />}
    </div>
  );
}

const Rows = memo(function Rows({
  n,
  texts,
  uid,
  cellPx,
  corner,
}: {
  n: number;
  texts: readonly string[];
  uid: string;
  cellPx: number;
  corner: string;
}) {
  const header = (
    <div role="row" className="contents">
      <div
        role="columnheader"
        className="sticky top-0 left-0 z-30 flex items-end bg-white px-2 pb-1 text-[10px] leading-tight text-slate-400"
      >
        {corner}
      </div>
      {Array.from({ length: n }, (_, c) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions
          key={c}
          role="columnheader"
          data-ch={c}
          title={texts[c]}
          className="sticky top-0 z-20 flex items-end justify-center bg-white pb-1 text-[10px] text-slate-500 tabular-nums [writing-mode:vertical-rl]"
        >
          {c}
        </div>
      ))}
    </div>
  );
  const rows = [];
  for (let r = 0; r < n; r++) {
    const cells = [];
    for (let c = 0; c < n; c++) {
      cells.push(
        <div
          key={c}
          id={`${uid}-${r}-${c}`}
          role="gridcell"
          data-testid="matrix-cell"
          data-row={r}
          data-col={c}
          data-diagonal={r === c || undefined}
          className={cn(
            "flex cursor-crosshair items-center justify-center border-[0.5px] border-white/60 text-[11px] tabular-nums hover:outline-2 hover:outline-slate-900",
            r === c && "bg-[repeating-linear-gradient(45deg,transparent_0_3px,rgb(255_255_255/0.35)_3px_5px)]",
          )}
          style={{ height: cellPx }}
        />,
      );
    }
    rows.push(
      <div key={r} role="row" className="contents">
        <div
          role="rowheader"
          data-rh={r}
          title={texts[r]}
          className="sticky left-0 z-10 flex items-center gap-1.5 truncate bg-white px-2 text-xs text-slate-600"
          style={{ height: cellPx }}
        >
          <span className="shrink-0 text-[10px] text-slate-400 tabular-nums">#{r}</span>
          <span className="truncate">{texts[r]}</span>
        </div>
        {cells}
      </div>,
    );
  }
  return (
    <>
      {header}
      {rows}
    </>
  );
});
