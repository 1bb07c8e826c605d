"use client";

import { useMemo } from "react";
import { FileDrop } from "@/components/shell/file-drop";
import { useI18n } from "@/components/shell/i18n-provider";
import { SampleButtons } from "@/components/shell/sample-buttons";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { MATRIX_MAX_TEXTS } from "@/lib/api/matrix-contract";
import { textLines } from "@/lib/ui/text-lines";
import { CROSS_LINGUAL_SAMPLE, SIXTY_FOUR_SAMPLE } from "./samples";

const SAMPLES = [
  { id: "cross-lingual", key: "matrix.sample.crossLingual", texts: CROSS_LINGUAL_SAMPLE },
  { id: "sixty-four", key: "matrix.sample.sixtyFour", texts: SIXTY_FOUR_SAMPLE },
] as const;

export interface MatrixInputProps {
  text: string;
  onText: (text: string) => void;
  /** Computes the matrix of these texts. */
  onCompute: (texts: string[]) => void;
  busy: boolean;
}

/** The texts, one per line, with their count and limit, the samples and the run button (Ctrl + Enter too). */
export function MatrixInput({ text, onText, onCompute, busy }: MatrixInputProps) {
  const { t } = useI18n();
  const lines = useMemo(() => textLines(text), [text]);
  const problem =
    lines.length < 2
      ? t("matrix.tooFew")
      : lines.length > MATRIX_MAX_TEXTS
        ? t("matrix.tooMany", { max: MATRIX_MAX_TEXTS })
        : null;
  return (
    <Card>
      <CardContent className="flex flex-col gap-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <label htmlFor="matrix-input" className="text-sm font-semibold text-slate-800">
            {t("matrix.input.label")}
          </label>
          <span data-testid="matrix-count" className="text-xs text-slate-500 tabular-nums">
            {t("lines.count", { n: lines.length })} · {t("matrix.input.limit", { max: MATRIX_MAX_TEXTS })}
          </span>
        </div>
        <FileDrop testId="matrix-drop" onTexts={(texts) => onText(texts.join("\n"))}>
          <textarea
            id="matrix-input"
            data-testid="matrix-input"
            value={text}
            onChange={(e) => onText(e.target.value)}
            onKeyDown={(e) => {
              if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && !problem) onCompute(lines);
            }}
            rows={9}
            spellCheck={false}
            placeholder={t("matrix.input.placeholder")}
            aria-invalid={problem !== null}
            className="min-h-40 w-full resize-y rounded-xl border border-slate-300 bg-white px-3 py-2 font-mono text-sm leading-6 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          />
        </FileDrop>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <SampleButtons
            samples={SAMPLES.map((s) => ({ id: s.id, label: t(s.key) }))}
            onPick={(id) => {
              const sample = SAMPLES.find((s) => s.id === id)!;
              onText(sample.texts.join("\n"));
              onCompute([...sample.texts]);
            }}
          />
          <div className="flex items-center gap-3">
            {problem && (
              <span role="alert" className="text-sm text-rose-600">
                {problem}
              </span>
            )}
            <Button data-testid="matrix-run" disabled={problem !== null || busy} onClick={() => onCompute(lines)}>
              {busy ? t("matrix.busy") : t("matrix.run")}
            </Button>
          </div>
        </div>
      </CardContent>
    </Card>
  );
}
