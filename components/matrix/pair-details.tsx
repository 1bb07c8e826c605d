"use client";

import type { HeatSelection } from "@/components/heatmap/heat-axis";
import { useI18n } from "@/components/shell/i18n-provider";
import { MODE_STYLE, type Mode } from "@/components/shell/modes";
import { hybridScore, isValidWeights } from "@/lib/m3/hybrid";
import type { ModeMatrices } from "@/lib/m3/score-matrix";
import type { HybridWeights } from "@/lib/m3/types";
import { cn } from "@/lib/ui/cn";
import { formatScore } from "@/lib/ui/format";

export interface PairDetailsProps {
  modes: ModeMatrices;
  weights: HybridWeights;
  texts: readonly string[];
  /** A selected cell; a lone row or column shows the hint. */
  selection: HeatSelection;
}

/** Both texts of the selected cell and every score, with ColBERT both ways. */
export function PairDetails({ modes, weights, texts, selection }: PairDetailsProps) {
  const { t } = useI18n();
  const { row: i, col: j } = selection;
  if (i === null || j === null) {
    return (
      <div className="flex flex-col gap-1">
        <h3 className="text-sm font-semibold text-slate-800">{t("matrix.pair.heading")}</h3>
        <p className="text-xs text-slate-500">{t("matrix.pair.hint")}</p>
      </div>
    );
  }
  const n = modes.n;
  const k = i * n + j;
  const scores = { dense: modes.dense[k]!, sparse: modes.sparse[k]!, colbert: modes.colbert[k]! };
  const rows: { key: Mode | "reverse"; label: string; v: number }[] = [
    { key: "dense", label: t("mode.dense"), v: scores.dense },
    { key: "sparse", label: t("mode.sparse"), v: scores.sparse },
    { key: "colbert", label: t("mode.colbert"), v: scores.colbert },
    { key: "hybrid", label: t("mode.hybrid"), v: isValidWeights(weights) ? hybridScore(scores, weights) : Number.NaN },
    { key: "reverse", label: t("matrix.pair.reverse", { i, j }), v: modes.colbert[j * n + i]! },
  ];
  return (
    <div data-testid="matrix-pair" className="flex flex-col gap-3">
      <h3 className="text-sm font-semibold text-slate-800">{t("matrix.pair.heading")}</h3>
      <div className="flex flex-col gap-2 text-sm">
        <div>
          <div className="text-xs text-slate-500">{t("matrix.pair.query", { i })}</div>
          <p className="break-words text-slate-900">{texts[i]}</p>
        </div>
        <div>
          <div className="text-xs text-slate-500">{t("matrix.pair.document", { j })}</div>
          <p className="break-words text-slate-900">{texts[j]}</p>
        </div>
      </div>
      <dl className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 text-sm">
        {rows.map((r) => (
          <div key={r.key} className="contents">
            <dt className="flex items-center gap-1.5 text-slate-600">
              {r.key !== "reverse" && (
                <span aria-hidden="true" className={cn("size-2 rounded-full", MODE_STYLE[r.key].dot)} />
              )}
              {r.label}
            </dt>
            <dd
              data-testid={`pair-${r.key}`}
              data-value={r.v}
              className="text-right font-medium text-slate-900 tabular-nums"
            >
              {formatScore(r.v)}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
