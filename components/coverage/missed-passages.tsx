"use client";

import { useI18n } from "@/components/shell/i18n-provider";
import type { CoveragePassage } from "@/lib/api/coverage-contract";
import { formatScore } from "@/lib/ui/format";
import { PassageLink } from "./passage-link";

const PREVIEW_CHARS = 220;
const preview = (s: string) => (s.length > PREVIEW_CHARS ? `${s.slice(0, PREVIEW_CHARS).trimEnd()}…` : s);

/** The passages no summary sentence covers at the threshold, in document order, each linking to its place. */
export function MissedPassages({
  document,
  passages,
  missed,
  closest,
  threshold,
  onActive,
}: {
  document: string;
  passages: readonly CoveragePassage[];
  missed: readonly number[];
  /** Each passage's best score from any summary sentence. */
  closest: Float64Array;
  threshold: number;
  onActive: (i: number) => void;
}) {
  const { t } = useI18n();
  if (missed.length === 0)
    return (
      <p data-testid="coverage-missed-none" className="rounded-xl bg-emerald-50 p-3 text-sm text-emerald-800">
        {t("coverage.missed.none", { t: String(threshold) })}
      </p>
    );
  return (
    <div className="flex flex-col gap-3">
      <p data-testid="coverage-missed-count" className="text-xs text-slate-600">
        {t("coverage.missed.count", { n: missed.length, total: passages.length })}
      </p>
      <ol className="flex flex-col gap-2">
        {missed.map((i) => {
          const p = passages[i]!;
          const label = t("coverage.passage", { i: i + 1 });
          return (
            <li
              key={i}
              data-testid="coverage-missed"
              data-index={i}
              className="flex flex-col gap-1.5 rounded-xl bg-amber-50/60 p-3 ring-1 ring-amber-200"
            >
              <p className="text-sm break-words text-slate-900">
                <span className="mr-1.5 text-xs font-semibold text-amber-900">{label}</span>
                {preview(document.slice(p.start, p.end))}
              </p>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
                <PassageLink index={i} onActive={onActive} data-testid="missed-link">
                  {t("coverage.show", { passage: label })}
                </PassageLink>
                <span className="tabular-nums">
                  {t("coverage.missed.best", { score: formatScore(closest[i]!, 3) })}
                </span>
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
