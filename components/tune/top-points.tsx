"use client";

import { useMemo } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { WEIGHT_KEYS } from "@/components/shell/modes";
import { TableHead } from "@/components/shell/table-head";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { evaluatePoint, type WeightSearch } from "@/lib/m3/tune";
import type { ModeScores } from "@/lib/m3/types";
import { cn } from "@/lib/ui/cn";
import { MetricCell } from "./metric-cells";

const TOP_N = 10;

/** The best `n` defined grid points (ties: lower index first), each with every metric. */
function topPoints(search: WeightSearch, scores: readonly ModeScores[], labels: readonly number[], n = TOP_N) {
  return search.grid
    .map((p, i) => ({ ...p, i }))
    .filter((p) => !Number.isNaN(p.value))
    .sort((a, b) => b.value - a.value || a.i - b.i)
    .slice(0, n)
    .map((p) => ({ ...p, all: evaluatePoint(scores, labels, p.weights) }));
}

/** The top points as a table; hovering a row marks its cell on the ternary heatmap. */
export function TopPoints({
  search,
  scores,
  labels,
  binary,
  onHover,
}: {
  search: WeightSearch;
  scores: readonly ModeScores[];
  labels: readonly number[];
  /** 0/1 labels: ROC-AUC, threshold and F1 columns too. */
  binary: boolean;
  onHover: (index: number | null) => void;
}) {
  const { t } = useI18n();
  const top = useMemo(() => topPoints(search, scores, labels), [search, scores, labels]);
  if (top.length === 0) return null;
  // On a phone the three weights share one column, stacked, and the rank is the row's place, so every metric fits.
  const wide = "hidden sm:table-cell";
  const weightTd = "hidden py-1 pr-3 sm:table-cell";
  const metric = (label: string) => ({ label, numeric: true });
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("tune.top", { n: top.length })}</CardTitle>
      </CardHeader>
      <CardContent>
        {/* On a phone the table borrows most of the card's padding. */}
        <div className="-mx-3 overflow-x-auto sm:mx-0">
          <table data-testid="top-points" className="w-full text-[11px] tabular-nums sm:text-sm">
            <TableHead
              className="text-xs text-slate-500"
              cell="py-1 pr-1.5 sm:pr-3"
              columns={[
                { label: t("tune.rank"), className: wide },
                { label: "α/β/γ", className: "sm:hidden" },
                { label: t("weight.dense"), className: wide },
                { label: t("weight.sparse"), className: wide },
                { label: t("weight.colbert"), className: wide },
                metric(t("tune.metric.spearman")),
                metric(t("tune.metric.pearson")),
                ...(binary
                  ? [metric(t("tune.metric.auc")), metric(t("tune.best.threshold")), metric(t("tune.f1"))]
                  : []),
              ]}
            />
            <tbody>
              {top.map((p, k) => (
                <tr
                  key={p.i}
                  data-testid="tune-top-row"
                  onPointerEnter={() => onHover(p.i)}
                  onPointerLeave={() => onHover(null)}
                  className={cn("border-t border-slate-100", p.i === search.best?.index && "font-semibold")}
                >
                  <td className="hidden py-1 pr-3 text-slate-500 sm:table-cell">{k + 1}</td>
                  <td className="py-1 pr-1.5 leading-tight sm:hidden">
                    {WEIGHT_KEYS.map((w) => (
                      <span key={w} className="block">
                        {p.weights[w].toFixed(2)}
                      </span>
                    ))}
                  </td>
                  <td className={weightTd}>{p.weights.dense.toFixed(2)}</td>
                  <td className={weightTd}>{p.weights.sparse.toFixed(2)}</td>
                  <td className={weightTd}>{p.weights.colbert.toFixed(2)}</td>
                  <MetricCell v={p.all.spearman} strong={search.metric === "spearman"} />
                  <MetricCell v={p.all.pearson} strong={search.metric === "pearson"} />
                  {binary && (
                    <>
                      <MetricCell v={p.all.auc} strong={search.metric === "auc"} />
                      <MetricCell v={p.all.threshold?.threshold} />
                      <MetricCell v={p.all.threshold?.f1} />
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </CardContent>
    </Card>
  );
}
