"use client";

import { Fragment } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import type { TokenCount } from "@/lib/api/schemas";
import { cn } from "@/lib/ui/cn";
import { roughDuration } from "@/lib/ui/format";
import { type ComparedPair, samePair } from "./compared-pair";
import type { CountsState } from "./use-pair-forecast";

/** A duration as a person says it roughly: "40 s", "2 min", "1 min 30 s". */
export function roughTime(t: ReturnType<typeof useI18n>["t"], ms: number): string {
  const { minutes, seconds } = roughDuration(ms);
  if (minutes === 0) return t("duration.seconds", { s: seconds });
  if (seconds === 0) return t("duration.minutes", { m: minutes });
  return t("duration.minutesSeconds", { m: minutes, s: seconds });
}

/**
 * "Query: 8,192 tokens (cut from 9,530) · Candidate: 312 tokens · about 40 s on this machine", for the texts as typed.
 * Counts of an older version of the texts stay, dimmed, until the new ones arrive, so the line never jumps.
 * `estimateMs` is shown only when given (the caller decides when a pair is long enough to need one).
 */
export function PairForecast({
  counts,
  texts,
  estimateMs,
  className,
}: {
  counts: CountsState;
  texts: ComparedPair;
  estimateMs: number | null;
  className?: string;
}) {
  const { t } = useI18n();
  if (counts.status === "none") return <p className={className} />;
  if (counts.status === "failed")
    return (
      <p data-testid="token-forecast" className={cn("text-amber-700", className)}>
        {t("forecast.unavailable", { message: counts.message })}
      </p>
    );
  const { pair, a, b } = counts.counts;
  const stale = !samePair(pair, texts);
  const sides = [
    { side: "a" as const, label: t("input.a.label"), count: a },
    { side: "b" as const, label: t("input.b.label"), count: b },
  ].filter((s): s is { side: "a" | "b"; label: string; count: TokenCount } => s.count !== null);
  return (
    <p data-testid="token-forecast" className={cn("tabular-nums transition-opacity", stale && "opacity-50", className)}>
      {sides.map(({ side, label, count }, i) => (
        <Fragment key={side}>
          {/* Outside the items, so the line breaks between them on a narrow screen. */}
          {i > 0 && <span aria-hidden="true"> · </span>}
          <span
            data-testid={`forecast-${side}`}
            className={cn("whitespace-nowrap", count.truncated && "font-medium text-amber-700")}
          >
            {count.truncated
              ? t("forecast.tokensCut", { label, n: count.after, before: count.before })
              : t("forecast.tokens", { label, n: count.after })}
          </span>
        </Fragment>
      ))}
      {estimateMs !== null && !stale && (
        <>
          <span aria-hidden="true"> · </span>
          <span data-testid="forecast-estimate" className="font-medium whitespace-nowrap text-slate-700">
            {t("forecast.estimate", { time: roughTime(t, estimateMs) })}
          </span>
        </>
      )}
    </p>
  );
}
