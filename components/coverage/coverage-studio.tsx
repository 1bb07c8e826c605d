"use client";

import { useCallback, useMemo, useState } from "react";
import { ModePicker } from "@/components/matrix/mode-picker";
import { useI18n } from "@/components/shell/i18n-provider";
import type { Mode } from "@/components/shell/modes";
import { PageShell } from "@/components/shell/page-shell";
import { ResultsPane, RunStatus } from "@/components/shell/run-status";
import { ThresholdField, thresholdOf } from "@/components/shell/threshold-field";
import { WeightPanel } from "@/components/shell/weight-panel";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardSubtitle, CardTitle } from "@/components/ui/card";
import {
  COVERAGE_MAX_CHUNK_TOKENS,
  type CoverageRequest,
  type CoverageResponse,
  overlapProblem,
} from "@/lib/api/coverage-contract";
import { DEFAULT_WEIGHTS, hybridScore, isValidWeights } from "@/lib/m3/hybrid";
import type { HybridWeights } from "@/lib/m3/types";
import { downloadText } from "@/lib/ui/download";
import type { Words } from "@/lib/ui/error-words";
import { formatMs } from "@/lib/ui/format";
import { isCoverageResponse } from "@/lib/ui/request/guards";
import { postNdjson } from "@/lib/ui/request/http";
import { type Answer, answerOnScreen, type Send, useRequest } from "@/lib/ui/request/use-request";
import { coverageCsv, coverageJson } from "./coverage-export";
import { type CoverageDraft, CoverageInput } from "./coverage-input";
import { CoverageMap } from "./coverage-map";
import { closestSentenceScores, missedPassages, passageValues, sentenceSupport } from "./coverage-view";
import { DocumentScores } from "./document-scores";
import { MissedPassages } from "./missed-passages";
import { COVERAGE_SAMPLES, type CoverageSample } from "./samples";
import { SummarySentences } from "./summary-sentences";

const sendCoverage: Send<CoverageRequest, CoverageResponse> = (body, onProgress, signal) =>
  postNdjson("/api/coverage", body, isCoverageResponse, onProgress, signal);

/** From this score up a summary sentence counts as supported and a passage as covered. */
const DEFAULT_SUPPORT_THRESHOLD = 0.5;

const FIRST = COVERAGE_SAMPLES[0]!;

const draftOf = (s: CoverageSample): CoverageDraft => ({
  document: s.document,
  summary: s.summary,
  chunk: String(s.chunkTokens),
  overlap: String(s.overlapTokens),
});

const wholeNumber = (text: string): number | null =>
  /^\s*\d+\s*$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : null;

/** The request a draft makes, or what to fix first. */
function requestOf(d: CoverageDraft): { body: CoverageRequest } | { problem: Words } {
  if (!d.document.trim()) return { problem: { key: "coverage.problem.document" } };
  if (!d.summary.trim()) return { problem: { key: "coverage.problem.summary" } };
  const chunk = wholeNumber(d.chunk);
  if (chunk === null || chunk < 1 || chunk > COVERAGE_MAX_CHUNK_TOKENS)
    return { problem: { key: "coverage.problem.chunk", vars: { min: 1, max: COVERAGE_MAX_CHUNK_TOKENS } } };
  const overlap = wholeNumber(d.overlap);
  if (overlap === null || overlapProblem(chunk, overlap)) return { problem: { key: "coverage.problem.overlap" } };
  return { body: { document: d.document, summary: d.summary, chunk_tokens: chunk, overlap_tokens: overlap } };
}

const bodyOf = (s: CoverageSample): CoverageRequest => {
  const r = requestOf(draftOf(s));
  if (!("body" in r)) throw new Error(`coverage sample ${s.id} is not a valid request`);
  return r.body;
};

/** The coverage page: a long document against its summary, passage by passage, recombined in the browser. */
export function CoverageStudio() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<CoverageDraft>(() => draftOf(FIRST));
  const { state, run, cancel } = useRequest(sendCoverage, bodyOf(FIRST));
  const [mode, setMode] = useState<Mode>("hybrid");
  const [weights, setWeights] = useState<HybridWeights>({ ...DEFAULT_WEIGHTS });
  const [thresholdText, setThresholdText] = useState(String(DEFAULT_SUPPORT_THRESHOLD));
  const [active, setActive] = useState<number | null>(null);

  const request = requestOf(draft);
  const problem = "problem" in request ? request.problem : null;
  const start = useCallback(
    (body: CoverageRequest) => {
      setActive(null);
      run(body);
    },
    [run],
  );
  const onRun = () => {
    if ("body" in request) start(request.body);
  };
  const onSample = (s: CoverageSample) => {
    setDraft(draftOf(s));
    start(bodyOf(s));
  };

  const shown = answerOnScreen(state);
  const blamed = state.status === "error" ? (state.error.field ?? null) : null;

  return (
    <PageShell title={t("coverage.title")} tagline={t("coverage.tagline")} model={shown?.data.model}>
      <CoverageInput
        draft={draft}
        onDraft={setDraft}
        problem={problem}
        blamed={blamed}
        onRun={onRun}
        onSample={onSample}
        busy={state.status === "loading"}
      />
      <RunStatus state={state} empty={t("coverage.empty")} onRetry={start} onCancel={cancel} />
      {shown && (
        <ResultsPane busy={state.status === "loading"}>
          <CoverageResults
            answer={shown}
            mode={mode}
            onMode={setMode}
            weights={weights}
            onWeights={setWeights}
            thresholdText={thresholdText}
            onThresholdText={setThresholdText}
            active={active}
            onActive={setActive}
          />
        </ResultsPane>
      )}
    </PageShell>
  );
}

interface ResultsProps {
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
function CoverageResults(props: ResultsProps) {
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
    let best: { index: number; value: number } | null = null;
    values.forEach((v, i) => {
      if (!best || v > best.value) best = { index: i, value: v };
    });
    return { values, support, closest, best: best as { index: number; value: number } | null };
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
    if (kind === "csv")
      downloadText("bge-m3-coverage-passages.csv", coverageCsv(data, document, weights), "text/csv;charset=utf-8");
    else downloadText("bge-m3-coverage-passages.json", coverageJson(data, document, mode, weights), "application/json");
  };
  const invalidWeights = (
    <p role="alert" className="rounded-xl bg-rose-50 p-4 text-sm text-rose-700">
      {t("coverage.weights.invalid")}
    </p>
  );

  return (
    <>
      <Card>
        <CardContent className="flex flex-wrap items-center justify-between gap-x-6 gap-y-3">
          <ModePicker mode={mode} onMode={props.onMode} label={t("coverage.view")} name="coverage-mode" />
          <div className="flex flex-wrap items-center gap-2">
            <ThresholdField
              id="coverage-threshold"
              label={t("coverage.threshold")}
              text={thresholdText}
              invalid={threshold === null}
              onText={props.onThresholdText}
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
              disabled={!valid}
              onClick={() => exportFile("csv")}
            >
              ⤓ {t("coverage.export.csv")}
            </Button>
            <Button
              size="sm"
              variant="secondary"
              data-testid="coverage-json"
              disabled={!valid}
              onClick={() => exportFile("json")}
            >
              ⤓ {t("coverage.export.json")}
            </Button>
            <span className="hidden text-xs text-slate-500 xl:inline">{t("coverage.export.hint")}</span>
          </div>
        </CardContent>
      </Card>

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
