"use client";

import { useMemo, useState } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { MODE_STYLE, MODES, type Mode } from "@/components/shell/modes";
import { TableHead } from "@/components/shell/table-head";
import { hybridScore } from "@/lib/m3/hybrid";
import { firstRelevantRank, rankingBy, recallAtK, reciprocalRank } from "@/lib/m3/stats/retrieval";
import type { HybridWeights, ModeScores } from "@/lib/m3/types";
import { cn } from "@/lib/ui/cn";
import { formatScore } from "@/lib/ui/format";

export const RECALL_KS = [1, 3, 5, 10] as const;

interface ModeQuality {
  mode: Mode;
  first: number | null;
  mrr: number;
  recall: number;
}

/** Each mode's ranking, and the hybrid's under `weights`, scored against the passages marked right. */
export function rankingQuality(
  results: readonly { index: number; scores: ModeScores }[],
  weights: HybridWeights,
  relevant: ReadonlySet<number>,
  k: number,
): ModeQuality[] {
  return MODES.map((mode) => {
    const ranking = rankingBy(results, (r) => (mode === "hybrid" ? hybridScore(r.scores, weights) : r.scores[mode]));
    return {
      mode,
      first: firstRelevantRank(ranking, relevant),
      mrr: reciprocalRank(ranking, relevant),
      recall: recallAtK(ranking, relevant, k),
    };
  });
}

/** MRR and recall@k per mode and for the hybrid, with k to choose; a hint until a passage is marked right. */
export function RankingQuality({
  results,
  weights,
  relevant,
}: {
  results: readonly { index: number; scores: ModeScores }[];
  weights: HybridWeights | null;
  relevant: ReadonlySet<number>;
}) {
  const { t } = useI18n();
  const [k, setK] = useState<number>(3);
  const rows = useMemo(
    () => (weights && relevant.size > 0 ? rankingQuality(results, weights, relevant, k) : null),
    [results, weights, relevant, k],
  );
  return (
    <div data-testid="ranking-quality" className="flex flex-col gap-3">
      <p className="text-xs text-slate-600">{rows ? t("search.metrics.intro") : t("search.metrics.hint")}</p>
      <div className="flex items-center gap-2 text-sm">
        <label htmlFor="recall-k" className="font-medium text-slate-700">
          {t("search.metrics.k")}
        </label>
        <select
          id="recall-k"
          data-testid="recall-k"
          value={k}
          onChange={(e) => setK(Number(e.target.value))}
          className="rounded-lg border border-slate-300 bg-white px-2 py-1 text-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          {RECALL_KS.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
        <span className="text-xs text-slate-600">{t("search.metrics.marked", { n: relevant.size })}</span>
      </div>
      {rows && (
        <table className="w-full text-left text-sm">
          <TableHead
            className="text-xs text-slate-600"
            cell="py-1"
            columns={[
              { label: t("search.metrics.mode") },
              { label: t("search.metrics.first"), numeric: true },
              { label: t("search.metrics.mrr"), numeric: true },
              { label: t("search.metrics.recall", { k }), numeric: true },
            ]}
          />
          <tbody>
            {rows.map((r) => (
              <tr key={r.mode} data-testid={`quality-${r.mode}`} className="border-t border-slate-100">
                <th scope="row" className="py-1.5 font-medium text-slate-800">
                  <span className="flex items-center gap-1.5">
                    <span aria-hidden="true" className={cn("size-2 rounded-full", MODE_STYLE[r.mode].dot)} />
                    {t(`mode.${r.mode}`)}
                  </span>
                </th>
                <td className="py-1.5 text-right tabular-nums text-slate-800">{r.first ?? "–"}</td>
                <td data-testid="quality-mrr" data-value={r.mrr} className="py-1.5 text-right tabular-nums">
                  {formatScore(r.mrr, 3)}
                </td>
                <td data-testid="quality-recall" data-value={r.recall} className="py-1.5 text-right tabular-nums">
                  {formatScore(r.recall, 2)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
