"use client";

import { useCallback, useState } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import type { Mode } from "@/components/shell/modes";
import { PageShell } from "@/components/shell/page-shell";
import type { StageLabels } from "@/components/shell/progress-bar";
import { ResultsPane, RunStatus } from "@/components/shell/run-status";
import {
  COVERAGE_MAX_CHUNK_TOKENS,
  type CoverageRequest,
  type CoverageResponse,
  overlapProblem,
} from "@/lib/api/coverage-contract";
import { DEFAULT_WEIGHTS } from "@/lib/m3/hybrid";
import type { HybridWeights } from "@/lib/m3/types";
import type { Words } from "@/lib/ui/error-words";
import { isCoverageResponse } from "@/lib/ui/request/guards";
import { postNdjson } from "@/lib/ui/request/http";
import { answerOnScreen, type Send, useRequest } from "@/lib/ui/request/use-request";
import { type CoverageDraft, CoverageInput } from "./coverage-input";
import { CoverageResults } from "./coverage-results";
import { COVERAGE_SAMPLES, type CoverageSample } from "./samples";

const sendCoverage: Send<CoverageRequest, CoverageResponse> = (body, onProgress, signal) =>
  postNdjson("/api/coverage", body, isCoverageResponse, onProgress, signal);

/** The route scores each passage, then each summary sentence, as one count. */
const STAGE_LABELS: StageLabels = { score: "coverage.progress.score" };

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
      <RunStatus
        state={state}
        empty={t("coverage.empty")}
        onRetry={start}
        onCancel={cancel}
        stageLabels={STAGE_LABELS}
      />
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
