"use client";

import { useCallback, useMemo, useState } from "react";
import { type HeatSelection, NO_SELECTION } from "@/components/heatmap/heat-axis";
import { CopyAsCode } from "@/components/shell/copy-as-code";
import { useI18n } from "@/components/shell/i18n-provider";
import type { Mode } from "@/components/shell/modes";
import { PageShell } from "@/components/shell/page-shell";
import { ResultsPane, RunStatus } from "@/components/shell/run-status";
import { thresholdOf } from "@/components/shell/threshold-field";
import { WeightPanel } from "@/components/shell/weight-panel";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardSubtitle, CardTitle } from "@/components/ui/card";
import type { MatrixRequest, MatrixResponse } from "@/lib/api/matrix-contract";
import { DEFAULT_WEIGHTS, hybridScores, isValidWeights } from "@/lib/m3/hybrid";
import { nearDuplicateGroups } from "@/lib/m3/near-duplicates";
import type { ModeMatrices } from "@/lib/m3/score-matrix";
import type { HybridWeights } from "@/lib/m3/types";
import { downloadCsv } from "@/lib/ui/csv";
import { formatMs } from "@/lib/ui/format";
import { isMatrixResponse } from "@/lib/ui/request/guards";
import { postNdjson } from "@/lib/ui/request/http";
import { answerOnScreen, type Send, useRequest } from "@/lib/ui/request/use-request";
import { matrixCsv } from "./csv";
import { DedupePanel } from "./dedupe-panel";
import { MatrixHeatmap } from "./matrix-heatmap";
import { MatrixInput } from "./matrix-input";
import { ModePicker } from "./mode-picker";
import { PairDetails } from "./pair-details";
import { PairHistogram } from "./pair-histogram";
import { CROSS_LINGUAL_SAMPLE } from "./samples";

const sendMatrix: Send<MatrixRequest, MatrixResponse> = (body, onProgress, signal) =>
  postNdjson("/api/matrix", body, isMatrixResponse, onProgress, signal);

const flatten = (rows: number[][], n: number) => {
  const out = new Float64Array(n * n);
  rows.forEach((row, i) => {
    row.forEach((v, j) => {
      out[i * n + j] = v;
    });
  });
  return out;
};

const DEFAULT_DEDUPE = "0.85";

/** The matrix page: every text against every other, recombined in the browser, and the near-duplicate groups. */
export function MatrixStudio({ apiKey }: { apiKey: boolean }) {
  const { t } = useI18n();
  const [text, setText] = useState(() => CROSS_LINGUAL_SAMPLE.join("\n"));
  const { state, run } = useRequest(sendMatrix, { texts: [...CROSS_LINGUAL_SAMPLE] });
  const [mode, setMode] = useState<Mode>("hybrid");
  const [weights, setWeights] = useState<HybridWeights>({ ...DEFAULT_WEIGHTS });
  const [thresholdText, setThresholdText] = useState(DEFAULT_DEDUPE);
  const [selection, setSelection] = useState<HeatSelection>(NO_SELECTION);

  const compute = useCallback(
    (texts: string[]) => {
      setSelection(NO_SELECTION);
      run({ texts });
    },
    [run],
  );

  // The matrix on screen and its texts (while a new run loads, the previous run's).
  const shown = answerOnScreen(state);
  const data = shown?.data ?? null;
  const texts = shown?.body.texts ?? [];

  const modes = useMemo<ModeMatrices | null>(
    () =>
      data
        ? {
            n: data.n,
            dense: flatten(data.matrices.dense, data.n),
            sparse: flatten(data.matrices.sparse, data.n),
            colbert: flatten(data.matrices.colbert, data.n),
          }
        : null,
    [data],
  );
  // Recombination happens here, in the browser: a slider move never sends a request.
  const values = useMemo(() => {
    if (!modes) return null;
    if (mode !== "hybrid") return modes[mode];
    return isValidWeights(weights) ? hybridScores(modes, weights) : null;
  }, [modes, mode, weights]);

  const threshold = thresholdOf(thresholdText);
  const groups = useMemo(
    () => (values && modes && threshold !== null ? nearDuplicateGroups(values, modes.n, threshold) : []),
    [values, modes, threshold],
  );

  const exportCsv = () => {
    if (!values) return;
    const csv = matrixCsv("query \\ document", texts, values);
    downloadCsv(`bge-m3-matrix-${mode}.csv`, csv);
  };

  const loading = state.status === "loading";

  return (
    <PageShell title={t("matrix.title")} tagline={t("matrix.tagline")} model={data?.model}>
      <MatrixInput text={text} onText={setText} onCompute={compute} busy={loading} />
      <RunStatus state={state} empty={t("matrix.empty")} onRetry={run} />

      {data && modes && (
        <ResultsPane busy={loading}>
          <Card>
            <CardHeader>
              <CardTitle>{t("matrix.orientation.title")}</CardTitle>
              <CardDescription data-testid="matrix-orientation">{t("matrix.orientation")}</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <ModePicker mode={mode} onMode={setMode} label={t("matrix.mode")} />
                <div className="flex items-center gap-2">
                  <span className="hidden text-xs text-slate-500 md:inline">
                    {t("matrix.csv.hint", { mode: t(`mode.${mode}`) })}
                  </span>
                  <Button size="sm" variant="secondary" data-testid="matrix-csv" disabled={!values} onClick={exportCsv}>
                    ⤓ {t("matrix.csv")}
                  </Button>
                </div>
              </div>
              <div className="grid min-w-0 gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
                {values ? (
                  <MatrixHeatmap
                    n={modes.n}
                    values={values}
                    texts={texts}
                    selection={selection}
                    onSelect={setSelection}
                  />
                ) : (
                  <p role="alert" className="rounded-xl bg-rose-50 p-6 text-sm text-rose-700">
                    {t("matrix.weights.invalid")}
                  </p>
                )}
                <div className="flex min-w-0 flex-col gap-6">
                  <div className="flex flex-col gap-2">
                    <h3 className="text-sm font-semibold text-slate-800">{t("weights.heading")}</h3>
                    <p className="text-xs text-slate-500">{t("matrix.weights.intro")}</p>
                    <WeightPanel weights={weights} onWeights={setWeights} scores={null} />
                  </div>
                  <PairDetails modes={modes} weights={weights} texts={texts} selection={selection} />
                </div>
              </div>
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>
                {t("matrix.dedupe.heading")}
                <CardSubtitle>{t(`mode.${mode}`)}</CardSubtitle>
              </CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-6">
              {values && (
                <section aria-labelledby="pair-histogram-heading" className="flex flex-col gap-2">
                  <h3 id="pair-histogram-heading" className="text-sm font-semibold text-slate-800">
                    {t("matrix.histogram.heading")}
                  </h3>
                  <p className="text-xs text-slate-600">{t("matrix.histogram.intro")}</p>
                  <PairHistogram
                    values={values}
                    n={modes.n}
                    threshold={threshold}
                    onThreshold={(v) => setThresholdText(String(v))}
                  />
                </section>
              )}
              <DedupePanel
                mode={mode}
                groups={groups}
                texts={texts}
                thresholdText={thresholdText}
                onThresholdText={setThresholdText}
                threshold={threshold}
                onPick={(i) => setSelection({ row: i, col: i })}
              />
            </CardContent>
          </Card>

          {shown && <CopyAsCode path="/api/matrix" body={shown.body} apiKey={apiKey} />}
          <MatrixDetails data={data} />
        </ResultsPane>
      )}
    </PageShell>
  );
}

/** Counts, timings and the model, shown small. */
function MatrixDetails({ data }: { data: MatrixResponse }) {
  const { t } = useI18n();
  const tokens = data.token_counts.reduce((s, c) => s + c.after, 0);
  const truncated = data.token_counts.filter((c) => c.truncated).length;
  return (
    <p data-testid="matrix-details" className="px-1 text-xs text-slate-500">
      {t("matrix.details", {
        n: data.n,
        tokens,
        ms: formatMs(data.timing_ms.total),
        encode: formatMs(data.timing_ms.encode),
        score: formatMs(data.timing_ms.score),
      })}
      {truncated > 0 && ` · ${t("matrix.truncated", { n: truncated, max: data.max_length })}`}
      {` · ${data.model.name}`}
    </p>
  );
}
