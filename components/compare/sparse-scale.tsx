"use client";

import { useId } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import type { LexicalEntry } from "@/lib/api/similarity-contract";
import { lexicalSelfScore, unitLexicalScore } from "@/lib/m3/lexical";

/** How sparse enters the scores: FlagEmbedding's raw sum of products (the reference), or divided onto 0–1. */
export type SparseScale = "raw" | "unit";

export const SPARSE_SCALES: readonly SparseScale[] = ["raw", "unit"];

/** The pair's sparse score on `scale`, from the response's raw score and both texts' lexical weights. */
export function scaledSparse(raw: number, lexical: { a: LexicalEntry[]; b: LexicalEntry[] }, scale: SparseScale) {
  if (scale === "raw") return raw;
  const self = (entries: LexicalEntry[]) => lexicalSelfScore(entries.map((e) => e.weight));
  return unitLexicalScore(raw, self(lexical.a), self(lexical.b));
}

/** Two labelled radios: raw sparse (the default, as compute_score) or sparse divided by the texts' self-scores. */
export function SparseScalePicker({ scale, onScale }: { scale: SparseScale; onScale: (s: SparseScale) => void }) {
  const { t } = useI18n();
  const name = useId();
  return (
    <fieldset className="flex flex-col gap-1.5">
      <legend className="text-xs font-semibold text-slate-700">{t("sparseScale.legend")}</legend>
      {SPARSE_SCALES.map((s) => (
        <label key={s} className="flex items-start gap-2 text-xs text-slate-700">
          <input
            type="radio"
            name={name}
            value={s}
            data-testid={`sparse-scale-${s}`}
            checked={scale === s}
            onChange={() => onScale(s)}
            className="mt-0.5 accent-indigo-600"
          />
          <span>
            <span className="font-medium text-slate-900">{t(`sparseScale.${s}`)}</span> {t(`sparseScale.${s}.what`)}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
