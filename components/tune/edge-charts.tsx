"use client";

import { useMemo } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { MODE_STYLE } from "@/components/shell/modes";
import { type SimplexEdge, simplexEdges } from "@/lib/m3/simplex-edges";
import type { WeightSearch } from "@/lib/m3/tune";
import { formatScore } from "@/lib/ui/format";

const W = 240;
const H = 110;
const PAD = { left: 34, right: 8, top: 8, bottom: 20 };

/** Runs of consecutive defined values, so an undefined metric leaves a gap in the line. */
function runs(points: SimplexEdge["points"]) {
  const out: SimplexEdge["points"][] = [[]];
  for (const p of points) {
    if (Number.isFinite(p.value)) out.at(-1)!.push(p);
    else if (out.at(-1)!.length > 0) out.push([]);
  }
  return out.filter((r) => r.length > 0);
}

/**
 * The chosen metric along each edge of the simplex, as three small line charts on one scale; pointing at a point
 * shows it in the point card. Hand-drawn SVG, not a chart library: three lines of at most 101 points each, with the
 * ternary plot's colours and hover, need a few dozen lines, not a dependency.
 */
export function EdgeCharts({ search, onHover }: { search: WeightSearch; onHover: (i: number | null) => void }) {
  const { t } = useI18n();
  const metricName = t(`tune.metric.${search.metric}`);
  const edges = useMemo(() => simplexEdges(search.grid), [search.grid]);
  const values = edges.flatMap((e) => e.points.map((p) => p.value)).filter(Number.isFinite);
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const span = hi - lo || 1;
  const x = (tt: number) => PAD.left + tt * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - lo) / span) * (H - PAD.top - PAD.bottom);

  return (
    <div data-testid="edge-charts" className="grid gap-4 sm:grid-cols-3">
      {edges.map((e) => {
        const label = t("tune.edges.label", { metric: metricName, from: t(`mode.${e.from}`), to: t(`mode.${e.to}`) });
        return (
          <figure key={e.from} data-testid={`edge-${e.from}-${e.to}`} className="flex min-w-0 flex-col gap-1">
            <figcaption className="flex items-center justify-between text-xs font-medium text-slate-700">
              <span className={MODE_STYLE[e.from].text}>{t(`mode.${e.from}`)}</span>
              <span aria-hidden="true" className="text-slate-500">
                →
              </span>
              <span className={MODE_STYLE[e.to].text}>{t(`mode.${e.to}`)}</span>
            </figcaption>
            <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={label}>
              <title>{label}</title>
              <line
                x1={PAD.left}
                x2={W - PAD.right}
                y1={H - PAD.bottom}
                y2={H - PAD.bottom}
                className="stroke-slate-300"
              />
              <text x={PAD.left - 4} y={y(hi) + 4} textAnchor="end" className="fill-slate-600 text-[10px]">
                {formatScore(hi, 2)}
              </text>
              <text x={PAD.left - 4} y={y(lo) + 4} textAnchor="end" className="fill-slate-600 text-[10px]">
                {formatScore(lo, 2)}
              </text>
              {runs(e.points).map((r) => (
                <polyline
                  key={r[0]!.index}
                  fill="none"
                  className="stroke-indigo-500 stroke-2"
                  points={r.map((p) => `${x(p.t)},${y(p.value)}`).join(" ")}
                />
              ))}
              {e.points.map((p) =>
                Number.isFinite(p.value) ? (
                  // biome-ignore lint/a11y/noStaticElementInteractions: pointing only previews a point; the table below lists them all
                  <circle
                    key={p.index}
                    data-testid="edge-point"
                    data-t={p.t}
                    data-value={p.value}
                    cx={x(p.t)}
                    cy={y(p.value)}
                    r={p.index === search.best?.index ? 4.5 : 2.5}
                    className={p.index === search.best?.index ? "fill-amber-500" : "fill-indigo-600"}
                    onMouseEnter={() => onHover(p.index)}
                    onMouseLeave={() => onHover(null)}
                  >
                    <title>{`${formatScore(1 - p.t, 2)} / ${formatScore(p.t, 2)}: ${formatScore(p.value, 3)}`}</title>
                  </circle>
                ) : null,
              )}
            </svg>
          </figure>
        );
      })}
    </div>
  );
}
