"use client";

import type { ReactNode } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { MODE_STYLE, type Mode } from "@/components/shell/modes";
import { cn } from "@/lib/ui/cn";
import { formatScore } from "@/lib/ui/format";
import { PassageLink } from "./passage-link";

/** The three document-level numbers side by side, each with one line on what it is. */
export function DocumentScores({
  mode,
  whole,
  wholeTokens,
  truncated,
  maxLength,
  meanDense,
  best,
  onActive,
}: {
  mode: Mode;
  /** The whole document against the summary in `mode`. */
  whole: number;
  wholeTokens: number;
  truncated: boolean;
  maxLength: number;
  meanDense: number;
  /** The best passage in `mode`, or null when there is none. */
  best: { index: number; value: number } | null;
  onActive: (i: number) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="grid min-w-0 gap-3 sm:grid-cols-3">
      <Tile
        testId="coverage-doc-whole"
        title={t("coverage.doc.whole")}
        mode={mode}
        value={whole}
        what={t("coverage.doc.whole.what", { max: maxLength })}
      >
        <p
          data-testid="coverage-doc-truncated"
          data-truncated={truncated}
          className={cn("text-xs", truncated ? "font-medium text-amber-800" : "text-slate-600")}
        >
          {truncated
            ? t("coverage.doc.whole.truncated", { max: maxLength, tokens: wholeTokens })
            : t("coverage.doc.whole.full", { tokens: wholeTokens })}
        </p>
      </Tile>
      <Tile
        testId="coverage-doc-mean"
        title={t("coverage.doc.mean")}
        mode="dense"
        value={meanDense}
        what={t("coverage.doc.mean.what")}
      />
      <Tile
        testId="coverage-doc-best"
        title={t("coverage.doc.best")}
        mode={mode}
        value={best?.value ?? Number.NaN}
        what={t("coverage.doc.best.what")}
      >
        {best && (
          <PassageLink index={best.index} onActive={onActive} data-testid="coverage-doc-best-link" className="text-sm">
            {t("coverage.passage", { i: best.index + 1 })}
          </PassageLink>
        )}
      </Tile>
    </div>
  );
}

function Tile({
  testId,
  title,
  mode,
  value,
  what,
  children,
}: {
  testId: string;
  title: string;
  mode: Mode;
  value: number;
  what: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div
      data-testid={testId}
      data-value={value}
      className="flex min-w-0 flex-col gap-1.5 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200"
    >
      <h3 className="text-sm font-semibold text-slate-800">{title}</h3>
      <p className="flex items-baseline gap-2">
        <span className="text-2xl font-semibold text-slate-900 tabular-nums">{formatScore(value, 3)}</span>
        <span className={cn("flex items-center gap-1 text-xs", MODE_STYLE[mode].text)}>
          <span aria-hidden="true" className={cn("size-1.5 rounded-full", MODE_STYLE[mode].dot)} />
          {t(`mode.${mode}`)}
        </span>
      </p>
      {children}
      <p className="text-xs text-slate-600">{what}</p>
    </div>
  );
}
