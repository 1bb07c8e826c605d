"use client";

import { useI18n } from "@/components/shell/i18n-provider";
import type { Mode } from "@/components/shell/modes";
import type { CoverageSentence } from "@/lib/api/coverage-contract";
import { cn } from "@/lib/ui/cn";
import { formatScore } from "@/lib/ui/format";
import type { SentenceSupport } from "./coverage-view";
import { PassageLink } from "./passage-link";

/** Each summary sentence with its best-supporting passage (a link into the map) and score, flagged below the threshold. */
export function SummarySentences({
  summary,
  sentences,
  support,
  mode,
  threshold,
  onActive,
}: {
  summary: string;
  sentences: readonly CoverageSentence[];
  support: readonly SentenceSupport[];
  mode: Mode;
  threshold: number;
  onActive: (i: number) => void;
}) {
  const { t } = useI18n();
  if (sentences.length === 0) return <p className="text-sm text-slate-600">{t("coverage.sentences.none")}</p>;
  const low = support.filter((s) => s.score < threshold).length;
  return (
    <div className="flex flex-col gap-3">
      <p data-testid="coverage-sentences-summary" className="text-xs text-slate-600">
        {t("coverage.sentences.summary", { ok: support.length - low, n: support.length, t: String(threshold), low })}
      </p>
      <ol className="flex flex-col gap-2">
        {sentences.map((s, k) => {
          const best = support[k]!;
          const unsupported = best.score < threshold;
          return (
            <li
              key={s.start}
              data-testid="coverage-sentence"
              data-index={k}
              data-passage={best.passage}
              data-score={best.score}
              data-unsupported={unsupported}
              className={cn(
                "flex flex-col gap-1.5 rounded-xl p-3 ring-1",
                unsupported ? "bg-rose-50/60 ring-rose-200" : "bg-white ring-slate-200",
              )}
            >
              <p className="text-sm break-words text-slate-900">{summary.slice(s.start, s.end)}</p>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
                {best.passage >= 0 && (
                  <span>
                    {t("coverage.sentence.best")}{" "}
                    <PassageLink index={best.passage} onActive={onActive} data-testid="sentence-passage">
                      {t("coverage.passage", { i: best.passage + 1 })}
                    </PassageLink>
                  </span>
                )}
                <span>
                  {t(`mode.${mode}`)}{" "}
                  <span data-testid="sentence-score" className="font-semibold text-slate-900 tabular-nums">
                    {formatScore(best.score, 3)}
                  </span>
                </span>
                {unsupported ? (
                  <span
                    data-testid="sentence-flag"
                    className="inline-flex w-fit items-center gap-1.5 rounded-full bg-rose-100 px-2 py-0.5 font-medium text-rose-800"
                  >
                    ⚠ {t("coverage.sentence.unsupported")}
                  </span>
                ) : (
                  <span className="inline-flex w-fit items-center gap-1.5 rounded-full bg-emerald-50 px-2 py-0.5 font-medium text-emerald-700">
                    ✓ {t("coverage.sentence.supported")}
                  </span>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
