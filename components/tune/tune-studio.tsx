"use client";

import { useEffect, useMemo, useState } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { PageShell } from "@/components/shell/page-shell";
import { ResultsPane, RunStatus } from "@/components/shell/run-status";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { TuneRequest, TuneResponse } from "@/lib/api/tune-contract";
import { simplexDivisions } from "@/lib/m3/simplex";
import { isBinaryLabels } from "@/lib/m3/stats/binary-labels";
import { labelProblem, type TuneMetric, type WeightSearch } from "@/lib/m3/tune";
import { downloadText } from "@/lib/ui/download";
import { formatMs } from "@/lib/ui/format";
import { isTuneResponse } from "@/lib/ui/request/guards";
import { postNdjson } from "@/lib/ui/request/http";
import { answerOnScreen, type Send, useRequest } from "@/lib/ui/request/use-request";
import { BestCard } from "./best-card";
import { EdgeCharts } from "./edge-charts";
import { detectFormat, type LabelledPair, parsePairs, samePairs } from "./pairs-file";
import { PointCard } from "./point-card";
import { TernaryHeatmap } from "./ternary-heatmap";
import { TopPoints } from "./top-points";
import { tuneExport } from "./tune-export";
import { TuneInput, type TuneSample } from "./tune-input";
import { usePairsInput } from "./use-pairs-input";
import { usableMetric, useWeightSearch } from "./use-weight-search";

const sendTune: Send<TuneRequest, TuneResponse> = (body, onProgress, signal) =>
  postNdjson("/api/tune", body, isTuneResponse, onProgress, signal);

/** The tuning page: labelled pairs in, the best α/β/γ and threshold out, every grid point explorable. */
export function TuneStudio() {
  const { t } = useI18n();
  const input = usePairsInput();
  const [step, setStep] = useState<number>(0.1);
  const [metric, setMetric] = useState<TuneMetric>("spearman");
  const [hovered, setHovered] = useState<number | null>(null);
  const [pinned, setPinned] = useState<number | null>(null);
  const { state, run } = useRequest(sendTune);

  const shown = answerOnScreen(state);
  const data = shown?.data ?? null;
  const body = shown?.body ?? null;
  const labels = useMemo(() => (body ? body.pairs.map((p) => p.label) : null), [body]);
  const resultBinary = labels !== null && isBinaryLabels(labels);
  // The metric menu is for the next run, so it follows the input; only an unparsable input falls back to the result.
  const aucAllowed = input.parsed?.ok ? input.binary : resultBinary;

  // ROC-AUC only exists for 0/1 labels: fall back to Spearman when the labels change under it.
  useEffect(() => {
    if (metric === "auc" && !aucAllowed) setMetric("spearman");
  }, [metric, aucAllowed]);

  const runProblem = input.parsed?.ok
    ? labelProblem(
        input.pairs.map((p) => p.label),
        usableMetric(metric, input.binary),
      )
    : null;

  const start = (pairs: LabelledPair[], m: TuneMetric) => {
    setPinned(null);
    setHovered(null);
    run({ pairs, step, metric: m });
  };

  const loadSample = async (s: TuneSample) => {
    const text = await (await fetch(s.file)).text();
    const name = s.file.split("/").pop();
    input.setText(text, name);
    setMetric(s.metric);
    const p = parsePairs(text, detectFormat(text, name));
    if (p.ok) start(p.pairs, s.metric);
  };

  const search = useWeightSearch(data, labels, metric, step);
  const loading = state.status === "loading";
  // The results on screen no longer describe the input: it was edited, fails to parse, or the step changed.
  const stale =
    body !== null && !loading && (!input.parsed?.ok || !samePairs(input.pairs, body.pairs) || step !== body.step);

  return (
    <PageShell title={t("tune.title")} tagline={t("tune.tagline")} model={data?.model}>
      <TuneInput
        input={input}
        step={step}
        onStep={setStep}
        metric={metric}
        onMetric={setMetric}
        aucAllowed={aucAllowed}
        runProblem={runProblem}
        modelKnown={data?.model !== undefined}
        onRun={() => start(input.pairs, metric)}
        onSample={(s) => void loadSample(s)}
        busy={loading}
      />
      <RunStatus state={state} empty={t("tune.empty")} onRetry={run} />

      {data && body && labels && (
        <ResultsPane busy={loading} className={stale ? "opacity-55" : undefined}>
          {stale && (
            <p
              data-testid="tune-stale"
              role="status"
              className="rounded-xl bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200"
            >
              {t("tune.stale")}
            </p>
          )}
          {search.problem && (
            <p role="alert" className="rounded-xl bg-rose-50 p-4 text-sm text-rose-700">
              {search.problem}
            </p>
          )}
          {search.result && (
            <>
              <SearchResult
                search={search.result}
                divisions={simplexDivisions(step)}
                hovered={hovered}
                onHover={setHovered}
                pinned={pinned}
                onPin={(i) => setPinned((p) => (p === i ? null : i))}
                scores={data.scores}
                labels={labels}
                onExport={() => exportJson(data, body, search.result!, step, resultBinary)}
              />
              <Card>
                <CardHeader>
                  <CardTitle>{t("tune.edges.heading", { metric: t(`tune.metric.${search.result.metric}`) })}</CardTitle>
                  <CardDescription>{t("tune.edges.intro")}</CardDescription>
                </CardHeader>
                <CardContent>
                  <EdgeCharts search={search.result} onHover={setHovered} />
                </CardContent>
              </Card>
              <TopPoints
                search={search.result}
                scores={data.scores}
                labels={labels}
                binary={resultBinary}
                onHover={setHovered}
              />
            </>
          )}
          <p data-testid="tune-timing" className="px-1 text-xs text-slate-500">
            {t("tune.timing", {
              pairs: body.pairs.length,
              texts: data.distinct_texts,
              encode: formatMs(data.timing_ms.encode),
              search: formatMs(data.timing_ms.search),
              client: formatMs(search.ms),
            })}
            {` · ${data.model.name}`}
          </p>
        </ResultsPane>
      )}
    </PageShell>
  );
}

function exportJson(data: TuneResponse, body: TuneRequest, search: WeightSearch, step: number, binary: boolean) {
  const json = tuneExport(data, body, search, step, binary);
  downloadText("bge-m3-tune.json", `${JSON.stringify(json, null, 2)}\n`, "application/json");
}

/** The metric over the simplex, beside the best point and the point under the pointer (or pinned). */
function SearchResult({
  search,
  divisions,
  hovered,
  onHover,
  pinned,
  onPin,
  scores,
  labels,
  onExport,
}: {
  search: WeightSearch;
  divisions: number;
  hovered: number | null;
  onHover: (i: number | null) => void;
  pinned: number | null;
  onPin: (i: number) => void;
  scores: TuneResponse["scores"];
  labels: readonly number[];
  onExport: () => void;
}) {
  const { t } = useI18n();
  const metricName = t(`tune.metric.${search.metric}`);
  const activeIndex = pinned ?? hovered ?? search.best?.index ?? null;
  const active = activeIndex !== null ? search.grid[activeIndex] : undefined;
  return (
    <div className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <Card>
        <CardHeader>
          <CardTitle>{t("tune.ternary.heading", { metric: metricName })}</CardTitle>
          <CardDescription>{t("tune.ternary.intro")}</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-2">
          <TernaryHeatmap
            grid={search.grid}
            divisions={divisions}
            bestIndex={search.best?.index ?? null}
            activeIndex={pinned ?? hovered}
            metricName={metricName}
            onHover={onHover}
            onPick={onPin}
          />
          <p className="text-center text-xs text-slate-500">{t("tune.ternary.recompute")}</p>
        </CardContent>
      </Card>
      <div className="flex min-w-0 flex-col gap-6">
        <BestCard search={search} metricName={metricName} onExport={onExport} />
        {active && <PointCard point={active} scores={scores} labels={labels} />}
      </div>
    </div>
  );
}
