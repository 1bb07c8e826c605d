"use client";

import { useMemo } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { Card, CardContent, CardHeader, CardSubtitle, CardTitle } from "@/components/ui/card";
import { evaluatePoint, type GridPoint } from "@/lib/m3/tune";
import type { ModeScores } from "@/lib/m3/types";
import { compareHref } from "@/lib/ui/weights-url";
import { Metric } from "./metric-cells";
import { pointLabel } from "./ternary-heatmap";

/** The hovered, pinned or best grid point: its weights, every metric there, and a link that applies them. */
export function PointCard({
  point,
  scores,
  labels,
}: {
  point: GridPoint;
  scores: readonly ModeScores[];
  labels: readonly number[];
}) {
  const { t } = useI18n();
  const metrics = useMemo(() => evaluatePoint(scores, labels, point.weights), [scores, labels, point.weights]);
  return (
    <Card data-testid="tune-point">
      <CardHeader>
        <CardTitle>
          {t("tune.point.heading")}
          <CardSubtitle>{t("tune.point.hint")}</CardSubtitle>
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <p data-testid="tune-point-weights" className="text-sm font-medium text-slate-800 tabular-nums">
          {pointLabel(point.weights)}
        </p>
        <dl className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 text-sm">
          <Metric label={t("tune.metric.spearman")} v={metrics.spearman} />
          <Metric label={t("tune.metric.pearson")} v={metrics.pearson} />
          {metrics.auc !== null && <Metric label={t("tune.metric.auc")} v={metrics.auc} />}
          {metrics.threshold && (
            <>
              <Metric label={t("tune.best.threshold")} v={metrics.threshold.threshold} />
              <Metric label={t("tune.f1")} v={metrics.threshold.f1} />
            </>
          )}
        </dl>
        <a
          href={compareHref(point.weights)}
          className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline"
        >
          {t("tune.point.use")} →
        </a>
      </CardContent>
    </Card>
  );
}
