"use client";

import { useI18n } from "@/components/shell/i18n-provider";
import { MODE_STYLE, WEIGHT_KEYS } from "@/components/shell/modes";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { WeightSearch } from "@/lib/m3/tune";
import { cn } from "@/lib/ui/cn";
import { formatScore } from "@/lib/ui/format";
import { compareHref } from "@/lib/ui/weights-url";

/** The best point: its weights, the metric there, the threshold for 0/1 labels, and Apply / Export. */
export function BestCard({
  search,
  metricName,
  onExport,
}: {
  search: WeightSearch;
  metricName: string;
  onExport: () => void;
}) {
  const { t } = useI18n();
  const best = search.best;
  if (!best) {
    return (
      <Card>
        <CardContent>
          <p role="alert" className="text-sm text-rose-700">
            {t("tune.best.none")}
          </p>
        </CardContent>
      </Card>
    );
  }
  const th = search.threshold;
  return (
    <Card
      data-testid="tune-best"
      data-dense={best.weights.dense}
      data-sparse={best.weights.sparse}
      data-colbert={best.weights.colbert}
    >
      <CardHeader>
        <CardTitle>{t("tune.best.heading")}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div className="grid grid-cols-3 gap-2">
          {WEIGHT_KEYS.map((k) => (
            <div key={k} className="flex flex-col gap-1 rounded-xl bg-slate-50 p-2.5 ring-1 ring-slate-200/70">
              <span className="flex items-center gap-1.5 text-xs text-slate-600">
                <span aria-hidden="true" className={cn("size-2 rounded-full", MODE_STYLE[k].dot)} />
                {t(`weight.${k}`)}
              </span>
              <span data-testid={`best-${k}`} className="text-2xl font-semibold text-slate-900 tabular-nums">
                {best.weights[k].toFixed(2)}
              </span>
            </div>
          ))}
        </div>
        <dl className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-600">{t("tune.best.value", { metric: metricName })}</dt>
          <dd
            data-testid="best-value"
            data-value={best.value}
            className="text-right font-semibold text-slate-900 tabular-nums"
          >
            {formatScore(best.value)}
          </dd>
          {th && (
            <>
              <dt className="text-slate-600">{t("tune.best.threshold")}</dt>
              <dd
                data-testid="best-threshold"
                data-value={th.threshold}
                className="text-right font-semibold text-slate-900 tabular-nums"
              >
                {formatScore(th.threshold)}
              </dd>
              <dt className="text-slate-600">{t("tune.f1")}</dt>
              <dd data-testid="best-f1" data-value={th.f1} className="text-right text-slate-900 tabular-nums">
                {formatScore(th.f1, 3)}
              </dd>
              <dt className="text-slate-600">
                {t("tune.precision")} / {t("tune.recall")}
              </dt>
              <dd className="text-right text-slate-700 tabular-nums">
                {formatScore(th.precision, 3)} / {formatScore(th.recall, 3)}
              </dd>
            </>
          )}
        </dl>
        {th && <p className="text-xs leading-relaxed text-slate-500">{t("tune.best.thresholdNote")}</p>}
        <div className="flex flex-wrap gap-2">
          <a
            data-testid="tune-apply"
            href={compareHref(best.weights)}
            className="inline-flex h-10 items-center justify-center gap-2 rounded-xl bg-indigo-600 px-4 text-sm font-medium text-white shadow-sm shadow-indigo-600/30 outline-none hover:bg-indigo-500 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
          >
            {t("tune.apply")} →
          </a>
          <Button variant="secondary" data-testid="tune-export" onClick={onExport}>
            ⤓ {t("tune.export")}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
