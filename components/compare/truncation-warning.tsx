"use client";

import { useI18n } from "@/components/shell/i18n-provider";
import type { SimilarityResponse } from "@/lib/api/similarity-contract";
import type { Token } from "@/lib/m3/types";

/** Whether either text of a result was cut to the model's limit. */
export const wasCut = (data: SimilarityResponse): boolean =>
  data.token_counts.a.truncated || data.token_counts.b.truncated;

const sameTokens = (x: readonly Token[], y: readonly Token[]) =>
  x.length === y.length && x.every((tok, i) => tok.id === y[i]!.id);

/**
 * Which text was cut to the model's limit, said right under the big score: a score of two cut texts compares only
 * their first parts (two texts that share their first 8,192 tokens score 1). The live region stays mounted so a
 * screen reader hears the warning when a new result brings it; the box itself, with `id`, only when a text was cut.
 */
export function TruncationWarning({ id, data }: { id: string; data: SimilarityResponse }) {
  const { t } = useI18n();
  const { a, b } = data.token_counts;
  return (
    <div role="status">
      {wasCut(data) && (
        <div
          id={id}
          data-testid="truncation-warning"
          className="flex items-start gap-3 rounded-xl bg-amber-50 px-3.5 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
        >
          <span
            aria-hidden="true"
            className="mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full bg-amber-200 text-xs font-bold"
          >
            !
          </span>
          <div className="flex min-w-0 flex-col gap-1">
            <strong className="font-semibold">{t("truncation.title")}</strong>
            <p>
              {a.truncated && b.truncated
                ? t("truncation.both", { afterA: a.after, beforeA: a.before, afterB: b.after, beforeB: b.before })
                : t("truncation.one", {
                    label: t(a.truncated ? "input.a.label" : "input.b.label"),
                    side: a.truncated ? "a" : "b",
                    after: a.truncated ? a.after : b.after,
                    before: a.truncated ? a.before : b.before,
                  })}
              {a.truncated && b.truncated && sameTokens(data.tokens.a, data.tokens.b) && (
                <> {t("truncation.identical")}</>
              )}
            </p>
            <p className="text-xs text-amber-800">{t("truncation.hint", { max: data.max_length })}</p>
          </div>
        </div>
      )}
    </div>
  );
}
