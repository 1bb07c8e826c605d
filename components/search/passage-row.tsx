"use client";

import { useI18n } from "@/components/shell/i18n-provider";
import { MODE_STYLE, WEIGHT_KEYS } from "@/components/shell/modes";
import { cn } from "@/lib/ui/cn";
import { formatScore } from "@/lib/ui/format";
import type { RankedPassage } from "./rank";

/** A score's bar length: the 0–1 scale, with an unbounded sparse score stopping at the end. */
const barWidth = (v: number) => `${Math.max(0, Math.min(1, v)) * 100}%`;

/**
 * One ranked passage: its rank, its place in the input (from 1, as lines are counted), text, flag, whether it is
 * marked as answering the query, a link that opens it with the query in Compare, and each score as a bar.
 */
export function PassageRow({
  rank,
  passage,
  text,
  flagged,
  relevant,
  onRelevant,
  compareHref,
}: {
  rank: number;
  passage: RankedPassage;
  text: string;
  flagged: boolean;
  relevant: boolean;
  onRelevant: (relevant: boolean) => void;
  compareHref: string;
}) {
  const { t } = useI18n();
  const number = passage.index + 1;
  return (
    <li
      data-testid="search-result"
      data-index={passage.index}
      data-hybrid={passage.hybrid}
      data-flagged={flagged}
      data-relevant={relevant}
      className={cn(
        "flex flex-col gap-2 rounded-xl p-3 ring-1",
        flagged ? "bg-rose-50/60 ring-rose-200" : "bg-white ring-slate-200",
      )}
    >
      <div className="flex items-start gap-3">
        <span
          data-testid="passage-rank"
          className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full bg-slate-900 text-xs font-semibold text-white tabular-nums"
        >
          <span className="sr-only">{t("search.rank", { n: rank })}</span>
          <span aria-hidden="true">{rank}</span>
        </span>
        <div className="flex min-w-0 flex-1 flex-col gap-1.5">
          <p className="text-sm break-words text-slate-900">
            <span data-testid="passage-number" className="mr-1.5 text-xs text-slate-600">
              {t("search.passage", { i: number })}
            </span>
            {text}
          </p>
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
            {flagged ? (
              <span
                data-testid="passage-flag"
                className="inline-flex w-fit items-center gap-1.5 rounded-full bg-rose-100 px-2 py-0.5 text-xs font-medium text-rose-800"
              >
                ⚠ {t("search.flag")}
              </span>
            ) : (
              <span className="inline-flex w-fit items-center gap-1.5 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700">
                ✓ {t("search.ok")}
              </span>
            )}
            <label className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-700">
              <input
                type="checkbox"
                data-testid="passage-relevant"
                checked={relevant}
                onChange={(e) => onRelevant(e.target.checked)}
                className="size-4 accent-indigo-600"
              />
              {t("search.relevant")}
            </label>
            <a
              href={compareHref}
              data-testid="passage-compare"
              aria-label={t("search.compare.label", { i: number })}
              className="text-xs font-medium text-indigo-700 underline underline-offset-2"
            >
              {t("search.compare")}
            </a>
          </div>
        </div>
        <div className="flex shrink-0 flex-col items-end">
          <span className="text-xs text-slate-500">{t("mode.hybrid")}</span>
          <span data-testid="passage-hybrid" className="text-xl font-semibold text-slate-900 tabular-nums">
            {formatScore(passage.hybrid, 3)}
          </span>
        </div>
      </div>
      {/* Plain CSS bars rather than a chart library: four bars a passage, each one element, with its number beside it
          as the text a screen reader reads; a chart would add a dependency and nothing a reader needs. */}
      <div className="ml-10 flex flex-col gap-1.5">
        <div aria-hidden="true" className="h-1.5 w-full overflow-hidden rounded-full bg-slate-100">
          <span
            className={cn("block h-full rounded-full", flagged ? "bg-rose-400" : MODE_STYLE.hybrid.bar)}
            style={{ width: barWidth(passage.hybrid) }}
          />
        </div>
        <dl className="grid gap-x-4 gap-y-1 text-xs text-slate-600 sm:grid-cols-3">
          {WEIGHT_KEYS.map((m) => (
            <div key={m} className="flex items-center gap-1.5">
              <dt className="flex w-16 shrink-0 items-center gap-1">
                <span aria-hidden="true" className={cn("size-1.5 rounded-full", MODE_STYLE[m].dot)} />
                {t(`mode.${m}`)}
              </dt>
              <dd
                data-testid={`passage-${m}`}
                data-value={passage.scores[m]}
                className="flex flex-1 items-center gap-1.5 font-medium tabular-nums"
              >
                <span aria-hidden="true" className="h-1 min-w-8 flex-1 overflow-hidden rounded-full bg-slate-100">
                  <span
                    data-testid={`bar-${m}`}
                    className={cn("block h-full rounded-full", MODE_STYLE[m].bar)}
                    style={{ width: barWidth(passage.scores[m]) }}
                  />
                </span>
                <span className="w-10 text-right">{formatScore(passage.scores[m], 3)}</span>
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </li>
  );
}
