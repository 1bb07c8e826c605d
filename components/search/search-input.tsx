"use client";

import { FileDrop } from "@/components/shell/file-drop";
import { useI18n } from "@/components/shell/i18n-provider";
import { SampleButtons } from "@/components/shell/sample-buttons";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { SEARCH_SAMPLES, type SearchSample } from "./samples";

export interface SearchInputProps {
  query: string;
  onQuery: (query: string) => void;
  /** The passages as typed, one per line. */
  passages: string;
  onPassages: (passages: string) => void;
  passageCount: number;
  onRank: () => void;
  onSample: (sample: SearchSample) => void;
  busy: boolean;
}

/** The query, the candidate passages, the samples and the rank button (Enter in the query, Ctrl + Enter below). */
export function SearchInput(props: SearchInputProps) {
  const { query, onQuery, passages, onPassages, passageCount, onRank, onSample, busy } = props;
  const { t } = useI18n();
  const ready = query.trim() !== "" && passageCount > 0;
  return (
    <Card>
      <CardContent className="flex flex-col gap-4">
        <div className="flex flex-col gap-1.5">
          <label htmlFor="search-query" className="text-sm font-semibold text-slate-800">
            {t("search.query.label")}
          </label>
          <input
            id="search-query"
            data-testid="search-query"
            value={query}
            onChange={(e) => onQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && ready) onRank();
            }}
            placeholder={t("search.query.placeholder")}
            className="w-full rounded-xl border border-slate-300 bg-white px-3 py-2 text-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <div className="flex items-baseline justify-between gap-2">
            <label htmlFor="search-passages" className="text-sm font-semibold text-slate-800">
              {t("search.passages.label")}
            </label>
            <span className="text-xs text-slate-500 tabular-nums">{t("lines.count", { n: passageCount })}</span>
          </div>
          <FileDrop testId="search-drop" onTexts={(texts) => onPassages(texts.join("\n"))}>
            <textarea
              id="search-passages"
              data-testid="search-passages"
              value={passages}
              onChange={(e) => onPassages(e.target.value)}
              onKeyDown={(e) => {
                if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && ready) onRank();
              }}
              rows={7}
              placeholder={t("search.passages.placeholder")}
              className="min-h-32 w-full resize-y rounded-xl border border-slate-300 bg-white px-3 py-2 text-sm leading-6 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            />
          </FileDrop>
        </div>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <SampleButtons
            testIdPrefix="search-sample"
            samples={SEARCH_SAMPLES.map((s) => ({ id: s.id, label: t(`search.sample.${s.id}`) }))}
            onPick={(id) => onSample(SEARCH_SAMPLES.find((s) => s.id === id)!)}
          />
          <div className="flex items-center gap-3">
            {!ready && (
              <span role="alert" className="text-sm text-rose-600">
                {t("search.noQuery")}
              </span>
            )}
            <Button data-testid="search-run" disabled={!ready || busy} onClick={onRank}>
              {busy ? t("search.busy") : t("search.run")}
            </Button>
          </div>
        </div>
      </CardContent>
    </Card>
  );
}
