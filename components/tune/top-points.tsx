"use client";

import { useMemo } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
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
  const th = "py-1 pr-3 font-medium";
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("tune.top", { n: top.length })}</CardTitle>
      </CardHeader>
      <CardContent>
        <table className="w-full text-sm tabular-nums">
          <thead>
            <tr className="text-left text-xs text-slate-500">
              <th className={th}>{t("tune.rank")}</th>
              <th className={th}>{t("weight.dense")}</th>
              <th className={th}>{t("weight.sparse")}</th>
              <th className={th}>{t("weight.colbert")}</th>
              <th className={`${th} text-right`}>{t("tune.metric.spearman")}</th>
              <th className={`${th} text-right`}>{t("tune.metric.pearson")}</th>
              {binary && (
                <>
                  <th className={`${th} text-right`}>{t("tune.metric.auc")}</th>
                  <th className={`${th} text-right`}>{t("tune.best.threshold")}</th>
                  <th className="py-1 text-right font-medium">{t("tune.f1")}</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {top.map((p, k) => (
              <tr
                key={p.i}
                data-testid="tune-top-row"
                onPointerEnter={() => onHover(p.i)}
                onPointerLeave={() => onHover(null)}
                className={cn("border-t border-slate-100", p.i === search.best?.index && "font-semibold")}
              >
                <td className="py-1 pr-3 text-slate-500">{k + 1}</td>
                <td className="py-1 pr-3">{p.weights.dense.toFixed(2)}</td>
                <td className="py-1 pr-3">{p.weights.sparse.toFixed(2)}</td>
                <td className="py-1 pr-3">{p.weights.colbert.toFixed(2)}</td>
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
      </CardContent>
    </Card>
  );
}
