"use client";

import { useCallback, useMemo } from "react";
import { ModePicker } from "@/components/matrix/mode-picker";
import { useI18n } from "@/components/shell/i18n-provider";
import type { Mode } from "@/components/shell/modes";
import { ThresholdField, thresholdOf } from "@/components/shell/threshold-field";
import { WeightPanel } from "@/components/shell/weight-panel";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardSubtitle, CardTitle } from "@/components/ui/card";
import type { CoverageRequest, CoverageResponse } from "@/lib/api/coverage-contract";
import { hybridScore, isValidWeights } from "@/lib/m3/hybrid";
import type { HybridWeights } from "@/lib/m3/types";
import { downloadCsv } from "@/lib/ui/csv";
import { downloadText } from "@/lib/ui/download";
import { formatMs } from "@/lib/ui/format";
import type { Answer } from "@/lib/ui/request/use-request";
import { coverageCsv, coverageJson } from "./coverage-export";
import { CoverageMap } from "./coverage-map";
import { bestPassage, closestSentenceScores, missedPassages, passageValues, sentenceSupport } from "./coverage-view";
import { DocumentScores } from "./document-scores";
import { MissedPassages } from "./missed-passages";
import { SummarySentences } from "./summary-sentences";

export interface ResultsProps {
  answer: Answer<CoverageRequest, CoverageResponse>;
  mode: Mode;
  onMode: (m: Mode) => void;
  weights: HybridWeights;
  onWeights: (w: HybridWeights) => void;
  thresholdText: string;
  onThresholdText: (text: string) => void;
  active: number | null;
  onActive: (i: number | null) => void;
}

/** Everything computed from one answer; the mode, weights and threshold recombine it here, without a request. */
export function CoverageResults(props: ResultsProps) {
  const { answer, mode, weights, thresholdText, active, onActive } = props;
  const { t } = useI18n();
  const { data, body } = answer;
  const document = body.document;
  const valid = isValidWeights(weights);
  const threshold = thresholdOf(thresholdText);

  const view = useMemo(() => {
    if (!valid) return null;
    const values = passageValues(data.passages, mode, weights);
    const support = sentenceSupport(data.sentence_scores, mode, weights);
    const closest = closestSentenceScores(data.sentence_scores, data.passages.length, mode, weights);
    return { values, support, closest, best: bestPassage(values) };
  }, [data, mode, weights, valid]);
  const missed = useMemo(
    () => (view && threshold !== null ? missedPassages(view.closest, threshold) : []),
    [view, threshold],
  );
  const missedSet = useMemo(() => new Set(missed), [missed]);
  const scoresOf = useCallback(
    (i: number) => {
      const s = data.passages[i]!.scores;
      return {
        dense: s.dense,
        sparse: s.sparse,
        colbert: s.colbert,
        hybrid: valid ? hybridScore(s, weights) : Number.NaN,
      };
    },
    [data, weights, valid],
  );
  const whole = data.document.whole.scores;
  const wholeValue = mode === "hybrid" ? (valid ? hybridScore(whole, weights) : Number.NaN) : whole[mode];

  const exportFile = (kind: "csv" | "json") => {
    if (!valid) return;
    if (kind === "csv") downloadCsv("bge-m3-coverage-passages.csv", coverageCsv(data, document, weights));
    else downloadText("bge-m3-coverage-passages.json", coverageJson(data, document, mode, weights), "application/json");
  };
  const invalidWeights = (
    <p role="alert" className="rounded-xl bg-rose-50 p-4 text-sm text-rose-700">
      {t("coverage.weights.invalid")}
    </p>
  );

  return (
    <>
      <ResultsToolbar
        mode={mode}
        onMode={props.onMode}
        thresholdText={thresholdText}
        onThresholdText={props.onThresholdText}
        canExport={valid}
        onExport={exportFile}
      />

      <Card>
        <CardHeader>
          <CardTitle>{t("coverage.doc.heading")}</CardTitle>
          <CardDescription>{t("coverage.doc.intro")}</CardDescription>
        </CardHeader>
        <CardContent>
          <DocumentScores
            mode={mode}
            whole={wholeValue}
            wholeTokens={data.document.whole.tokens}
            truncated={data.document.whole.truncated}
            maxLength={data.max_length}
            meanDense={data.document.mean_of_passages.dense}
            best={view?.best ?? null}
            onActive={onActive}
          />
        </CardContent>
      </Card>

      <div className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card>
          <CardHeader>
            <CardTitle>
              {t("coverage.map.heading")}
              <CardSubtitle>{t(`mode.${mode}`)}</CardSubtitle>
            </CardTitle>
            <CardDescription>{t("coverage.map.intro", { mode: t(`mode.${mode}`) })}</CardDescription>
          </CardHeader>
          <CardContent>
            {view ? (
              <CoverageMap
                document={document}
                passages={data.passages}
                values={view.values}
                scoresOf={scoresOf}
                mode={mode}
                missed={missedSet}
                active={active}
                onActive={onActive}
              />
            ) : (
              invalidWeights
            )}
          </CardContent>
        </Card>
        <Card className="self-start">
          <CardHeader>
            <CardTitle>{t("weights.heading")}</CardTitle>
            <CardDescription>{t("coverage.weights.intro")}</CardDescription>
          </CardHeader>
          <CardContent>
            <WeightPanel weights={weights} onWeights={props.onWeights} scores={null} />
          </CardContent>
        </Card>
      </div>

      <div className="grid min-w-0 gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>{t("coverage.sentences.heading")}</CardTitle>
            <CardDescription>{t("coverage.sentences.intro")}</CardDescription>
          </CardHeader>
          <CardContent>
            {view && threshold !== null ? (
              <SummarySentences
                summary={body.summary}
                sentences={data.summary_sentences}
                support={view.support}
                mode={mode}
                threshold={threshold}
                onActive={onActive}
              />
            ) : (
              !view && invalidWeights
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t("coverage.missed.heading")}</CardTitle>
            <CardDescription>{t("coverage.missed.intro")}</CardDescription>
          </CardHeader>
          <CardContent>
            {view && threshold !== null ? (
              <MissedPassages
                document={document}
                passages={data.passages}
                missed={missed}
                closest={view.closest}
                threshold={threshold}
                onActive={onActive}
              />
            ) : (
              !view && invalidWeights
            )}
          </CardContent>
        </Card>
      </div>

      <p data-testid="coverage-details" className="px-1 text-xs text-slate-500">
        {t("coverage.details", {
          n: data.passages.length,
          chunk: data.chunk_tokens,
          overlap: data.overlap_tokens,
          ms: formatMs(data.timing_ms.total),
          encode: formatMs(data.timing_ms.encode),
          score: formatMs(data.timing_ms.score),
        })}
        {` · ${data.model.name}`}
      </p>
    </>
  );
}

/** The mode, the threshold and the exports, above the results. */
function ResultsToolbar({
  mode,
  onMode,
  thresholdText,
  onThresholdText,
  canExport,
  onExport,
}: {
  mode: Mode;
  onMode: (m: Mode) => void;
  thresholdText: string;
  onThresholdText: (text: string) => void;
  canExport: boolean;
  onExport: (kind: "csv" | "json") => void;
}) {
  const { t } = useI18n();
  const threshold = thresholdOf(thresholdText);
  return (
    <Card>
      <CardContent className="flex flex-wrap items-center justify-between gap-x-6 gap-y-3">
        <ModePicker mode={mode} onMode={onMode} label={t("coverage.view")} name="coverage-mode" />
        <div className="flex flex-wrap items-center gap-2">
          <ThresholdField
            id="coverage-threshold"
            label={t("coverage.threshold")}
            text={thresholdText}
            invalid={threshold === null}
            onText={onThresholdText}
          />
          <span
            className={threshold === null ? "text-sm text-rose-600" : "text-xs text-slate-500"}
            role={threshold === null ? "alert" : undefined}
          >
            {threshold === null ? t("coverage.threshold.invalid") : t("coverage.threshold.help")}
          </span>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button
            size="sm"
            variant="secondary"
            data-testid="coverage-csv"
            disabled={!canExport}
            onClick={() => onExport("csv")}
          >
            ⤓ {t("coverage.export.csv")}
          </Button>
          <Button
            size="sm"
            variant="secondary"
            data-testid="coverage-json"
            disabled={!canExport}
            onClick={() => onExport("json")}
          >
            ⤓ {t("coverage.export.json")}
          </Button>
          <span className="hidden text-xs text-slate-500 xl:inline">{t("coverage.export.hint")}</span>
        </div>
      </CardContent>
    </Card>
  );
}
