"use client";

import { useEffect, useMemo, useState } from "react";
import { TestModelBanner } from "@/components/compare/details";
import { MODE_STYLE } from "@/components/compare/modes";
import { ErrorPanel } from "@/components/compare/states";
import { I18nProvider, useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { TuneRequest, TuneResponse } from "@/lib/api/tune-contract";
import type { Lang } from "@/lib/i18n";
import { simplexDivisions, simplexSize } from "@/lib/m3/simplex";
import { isBinaryLabels } from "@/lib/m3/stats/binary-labels";
import { evaluatePoint, labelProblem, searchWeights, type TuneMetric, type WeightSearch } from "@/lib/m3/tune";
import { cn } from "@/lib/ui/cn";
import { formatMs, formatScore } from "@/lib/ui/format";
import { downloadText } from "./csv";
import { type ManyKey, useManyT } from "./messages";
import { PageShell } from "./page-shell";
import { detectFormat, distinctTexts, type LabelledPair, parsePairs } from "./pairs-file";
import { ProgressBar } from "./progress-bar";
import { postWithProgress } from "./stream-client";
import { pointLabel, TernaryHeatmap } from "./ternary-heatmap";
import { type Send, useProgressRequest } from "./use-progress-request";
import { compareHref } from "./weights-url";

export function TuneStudio({ initialLang }: { initialLang: Lang }) {
  return (
    <I18nProvider initialLang={initialLang}>
      <Tune />
    </I18nProvider>
  );
}

type TuneBody = TuneRequest & { pairs: LabelledPair[] };

function isTuneResponse(x: unknown): x is TuneResponse {
  const r = x as TuneResponse | null;
  return (
    typeof r === "object" &&
    r !== null &&
    Array.isArray(r.scores) &&
    Array.isArray(r.grid) &&
    typeof r.best?.weights?.dense === "number"
  );
}

const sendTune: Send<TuneResponse, TuneBody> = (body, onProgress, signal) =>
  postWithProgress("/api/tune", body, onProgress, isTuneResponse, signal);

const STEPS = [0.1, 0.05] as const;
const METRICS: readonly TuneMetric[] = ["spearman", "pearson", "auc"];
const METRIC_KEY: Record<TuneMetric, ManyKey> = {
  spearman: "tune.metric.spearman",
  pearson: "tune.metric.pearson",
  auc: "tune.metric.auc",
};
const SAMPLES = [
  { id: "binary", file: "/samples/paraphrase-pairs.csv", key: "tune.sample.binary", metric: "auc" },
  { id: "graded", file: "/samples/graded-similarity.jsonl", key: "tune.sample.graded", metric: "spearman" },
] as const;
const TOP_N = 10;

function Tune() {
  const t = useManyT();
  const { t: tc } = useI18n();
  const [input, setInput] = useState("");
  const [filename, setFilename] = useState<string | undefined>(undefined);
  const [step, setStep] = useState<number>(0.1);
  const [metric, setMetric] = useState<TuneMetric>("spearman");
  const [hovered, setHovered] = useState<number | null>(null);
  const [pinned, setPinned] = useState<number | null>(null);
  const { state, run } = useProgressRequest<TuneResponse, TuneBody>(sendTune);

  const parsed = useMemo(
    () => (input.trim() ? parsePairs(input, detectFormat(input, filename)) : null),
    [input, filename],
  );
  const parsedPairs = parsed?.ok ? parsed.pairs : [];
  const data = state.status === "success" ? state.data : state.status === "loading" ? state.previous : null;
  const body = state.status === "success" ? state.body : state.status === "loading" ? state.previousBody : null;
  const labels = useMemo(() => (body ? body.pairs.map((p) => p.label) : null), [body]);
  const parsedBinary = parsedPairs.length > 0 && isBinaryLabels(parsedPairs.map((p) => p.label));
  const resultBinary = labels !== null && isBinaryLabels(labels);
  const aucAllowed = data ? resultBinary : parsedBinary;

  // ROC-AUC only exists for 0/1 labels: fall back to Spearman when the labels change under it.
  useEffect(() => {
    if (metric === "auc" && !aucAllowed) setMetric("spearman");
  }, [metric, aucAllowed]);

  const runProblem = !parsed?.ok
    ? null
    : labelProblem(
        parsedPairs.map((p) => p.label),
        metric === "auc" && !parsedBinary ? "spearman" : metric,
      );
  const start = (pairs: LabelledPair[], m: TuneMetric) => {
    setPinned(null);
    setHovered(null);
    run({ pairs, step, metric: m });
  };

  const loadSample = async (s: (typeof SAMPLES)[number]) => {
    const res = await fetch(s.file);
    const text = await res.text();
    setInput(text);
    const name = s.file.split("/").pop();
    setFilename(name);
    setMetric(s.metric);
    const p = parsePairs(text, detectFormat(text, name));
    if (p.ok) {
      setPinned(null);
      run({ pairs: p.pairs, step, metric: s.metric });
    }
  };

  // The grid is searched again here, in the browser, from the per-pair scores: switching the metric or the step costs
  // milliseconds and no request. With the request's own metric and step it is the server's search, point for point.
  const search = useMemo<{ result: WeightSearch | null; ms: number; problem: string | null }>(() => {
    if (!data || !labels) return { result: null, ms: 0, problem: null };
    const m = metric === "auc" && !isBinaryLabels(labels) ? "spearman" : metric;
    const problem = labelProblem(labels, m);
    if (problem) return { result: null, ms: 0, problem };
    const t0 = performance.now();
    const result = searchWeights(data.scores, labels, m, step);
    return { result, ms: performance.now() - t0, problem: null };
  }, [data, labels, metric, step]);

  const result = search.result;
  const best = result?.best ?? null;
  const activeIndex = pinned ?? hovered ?? best?.index ?? null;
  const active = result && activeIndex !== null ? result.grid[activeIndex] : undefined;
  const activeMetrics = useMemo(
    () => (active && data && labels ? evaluatePoint(data.scores, labels, active.weights) : null),
    [active, data, labels],
  );
  const top = useMemo(() => {
    if (!result) return [];
    return result.grid
      .map((p, i) => ({ ...p, i }))
      .filter((p) => !Number.isNaN(p.value))
      .sort((a, b) => b.value - a.value || a.i - b.i)
      .slice(0, TOP_N)
      .map((p) => ({ ...p, all: data && labels ? evaluatePoint(data.scores, labels, p.weights) : null }));
  }, [result, data, labels]);
  const metricName = t(METRIC_KEY[result?.metric ?? metric]);

  const exportJson = () => {
    if (!data || !body || !result) return;
    const json = {
      tool: "bge-m3 Studio weight tuning",
      model: data.model,
      metric: result.metric,
      step,
      labels: resultBinary ? "binary" : "numeric",
      best: best && {
        weights: best.weights,
        value: best.value,
        ...(result.threshold ? result.threshold : {}),
      },
      // Every metric at every point (the heatmap shows one at a time); null where a metric is undefined.
      grid: result.grid.map((p) => {
        const m = evaluatePoint(
          data.scores,
          body.pairs.map((x) => x.label),
          p.weights,
        );
        const num = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? null : v);
        return {
          weights: p.weights,
          value: num(p.value),
          spearman: num(m.spearman),
          pearson: num(m.pearson),
          ...(resultBinary
            ? { auc: num(m.auc), threshold: num(m.threshold?.threshold), f1: num(m.threshold?.f1) }
            : {}),
        };
      }),
      pairs: body.pairs.map((p, i) => ({ text_a: p.a, text_b: p.b, label: p.label, scores: data.scores[i] })),
    };
    downloadText("bge-m3-tune.json", `${JSON.stringify(json, null, 2)}\n`, "application/json");
  };

  const loading = state.status === "loading";

  return (
    <PageShell title={t("tune.title")} tagline={t("tune.tagline")}>
      <TestModelBanner model={data?.model} />

      <Card>
        <CardContent className="flex flex-col gap-4">
          <p
            data-testid="tune-test-model-note"
            className="rounded-xl bg-amber-50 px-3 py-2 text-xs text-amber-900 ring-1 ring-amber-200"
          >
            {t("tune.testModelNote")}
          </p>
          <div className="flex flex-col gap-1.5">
            <label htmlFor="tune-input" className="text-sm font-semibold text-slate-800">
              {t("tune.input.label")}
            </label>
            <p className="text-xs text-slate-500">{t("tune.input.help")}</p>
            <textarea
              id="tune-input"
              data-testid="tune-input"
              value={input}
              onChange={(e) => {
                setInput(e.target.value);
                setFilename(undefined);
              }}
              rows={8}
              spellCheck={false}
              placeholder={t("tune.input.placeholder")}
              aria-invalid={parsed !== null && !parsed.ok}
              aria-describedby="tune-parsed"
              className="min-h-36 w-full resize-y rounded-xl border border-slate-300 bg-white px-3 py-2 font-mono text-xs leading-5 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 aria-invalid:border-rose-400"
            />
            <p id="tune-parsed" data-testid="tune-parsed" aria-live="polite" className="text-xs">
              {parsed === null ? null : parsed.ok ? (
                <span className="text-slate-600">
                  {t("tune.parsed", {
                    n: parsed.pairs.length,
                    texts: distinctTexts(parsed.pairs),
                    kind: t(parsedBinary ? "tune.kind.binary" : "tune.kind.numeric"),
                    format: parsed.format.toUpperCase(),
                  })}
                </span>
              ) : (
                <span role="alert" className="text-rose-600">
                  {t("tune.parseError", { line: parsed.line, message: parsed.message })}
                </span>
              )}
              {runProblem && (
                <span role="alert" className="ml-2 text-rose-600">
                  {runProblem}
                </span>
              )}
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <label className="inline-flex h-8 cursor-pointer items-center rounded-lg bg-white px-3 text-sm font-medium text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500">
              ⤒ {t("tune.upload")}
              <input
                type="file"
                data-testid="tune-file"
                accept=".csv,.tsv,.tab,.jsonl,.ndjson,.json,.txt,text/csv,text/tab-separated-values,application/json"
                className="sr-only"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  if (!file) return;
                  setInput(await file.text());
                  setFilename(file.name);
                  e.target.value = "";
                }}
              />
            </label>
            <span className="ml-2 text-xs font-semibold tracking-wider text-slate-500 uppercase">
              {t("tune.samples")}
            </span>
            {SAMPLES.map((s) => (
              <Button
                key={s.id}
                size="sm"
                variant="secondary"
                data-testid={`tune-sample-${s.id}`}
                onClick={() => void loadSample(s)}
              >
                {t(s.key)}
              </Button>
            ))}
          </div>
          <div className="flex flex-wrap items-end justify-between gap-4">
            <div className="flex flex-wrap items-end gap-4">
              <label className="flex flex-col gap-1 text-sm">
                <span className="text-xs font-semibold tracking-wider text-slate-500 uppercase">{t("tune.step")}</span>
                <select
                  data-testid="tune-step"
                  value={step}
                  onChange={(e) => setStep(Number(e.target.value))}
                  className="rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                >
                  {STEPS.map((s) => (
                    <option key={s} value={s}>
                      {t("tune.step.option", { step: s, points: simplexSize(simplexDivisions(s)) })}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col gap-1 text-sm">
                <span className="text-xs font-semibold tracking-wider text-slate-500 uppercase">
                  {t("tune.metric")}
                </span>
                <select
                  data-testid="tune-metric"
                  value={metric}
                  onChange={(e) => setMetric(e.target.value as TuneMetric)}
                  className="rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                >
                  {METRICS.map((m) => (
                    <option key={m} value={m} disabled={m === "auc" && !aucAllowed}>
                      {t(METRIC_KEY[m])}
                      {m === "auc" && !aucAllowed ? ` — ${t("tune.metric.aucDisabled")}` : ""}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <Button
              data-testid="tune-run"
              disabled={!parsed?.ok || runProblem !== null || loading}
              onClick={() => start(parsedPairs, metric)}
            >
              {loading ? t("tune.busy") : t("tune.run")}
            </Button>
          </div>
        </CardContent>
      </Card>

      {state.status === "idle" && (
        <p className="rounded-2xl border border-dashed border-slate-300 bg-white/60 p-10 text-center text-sm text-slate-500">
          {t("tune.empty")}
        </p>
      )}
      {state.status === "loading" && <ProgressBar progress={state.progress} startedAt={state.startedAt} />}
      {state.status === "error" && <ErrorPanel error={state.error} onRetry={() => run(state.body)} />}

      {data && body && state.status !== "error" && (
        <div
          aria-busy={loading}
          className={cn("flex min-w-0 flex-col gap-6 transition-opacity", loading && "opacity-55")}
        >
          {search.problem && (
            <p role="alert" className="rounded-xl bg-rose-50 p-4 text-sm text-rose-700">
              {search.problem}
            </p>
          )}
          {result && (
            <div className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
              <Card>
                <CardHeader>
                  <CardTitle>{t("tune.ternary.heading", { metric: metricName })}</CardTitle>
                  <CardDescription>{t("tune.ternary.intro")}</CardDescription>
                </CardHeader>
                <CardContent className="flex flex-col gap-2">
                  <TernaryHeatmap
                    grid={result.grid}
                    divisions={simplexDivisions(step)}
                    bestIndex={best?.index ?? null}
                    activeIndex={pinned ?? hovered}
                    metricName={metricName}
                    onHover={setHovered}
                    onPick={(i) => setPinned((p) => (p === i ? null : i))}
                  />
                  <p className="text-center text-xs text-slate-500">{t("tune.ternary.recompute")}</p>
                </CardContent>
              </Card>
              <div className="flex min-w-0 flex-col gap-6">
                <BestCard search={result} metricName={metricName} onExport={exportJson} />
                {active && activeMetrics && (
                  <Card data-testid="tune-point">
                    <CardHeader>
                      <CardTitle>
                        {t("tune.point.heading")}
                        <span className="text-sm font-normal text-slate-400">{t("tune.point.hint")}</span>
                      </CardTitle>
                    </CardHeader>
                    <CardContent className="flex flex-col gap-3">
                      <p data-testid="tune-point-weights" className="text-sm font-medium text-slate-800 tabular-nums">
                        {pointLabel(active.weights)}
                      </p>
                      <dl className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 text-sm">
                        <Metric label={t("tune.metric.spearman")} v={activeMetrics.spearman} />
                        <Metric label={t("tune.metric.pearson")} v={activeMetrics.pearson} />
                        {activeMetrics.auc !== null && <Metric label={t("tune.metric.auc")} v={activeMetrics.auc} />}
                        {activeMetrics.threshold && (
                          <>
                            <Metric label={t("tune.best.threshold")} v={activeMetrics.threshold.threshold} />
                            <Metric label={t("tune.f1")} v={activeMetrics.threshold.f1} />
                          </>
                        )}
                      </dl>
                      <a
                        href={compareHref(active.weights)}
                        className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline"
                      >
                        {t("tune.point.use")} →
                      </a>
                    </CardContent>
                  </Card>
                )}
              </div>
            </div>
          )}

          {result && top.length > 0 && (
            <Card>
              <CardHeader>
                <CardTitle>{t("tune.top", { n: top.length })}</CardTitle>
              </CardHeader>
              <CardContent>
                <table className="w-full text-sm tabular-nums">
                  <thead>
                    <tr className="text-left text-xs text-slate-500">
                      <th className="py-1 pr-3 font-medium">{t("tune.rank")}</th>
                      <th className="py-1 pr-3 font-medium">{tc("weight.dense")}</th>
                      <th className="py-1 pr-3 font-medium">{tc("weight.sparse")}</th>
                      <th className="py-1 pr-3 font-medium">{tc("weight.colbert")}</th>
                      <th className="py-1 pr-3 text-right font-medium">{t("tune.metric.spearman")}</th>
                      <th className="py-1 pr-3 text-right font-medium">{t("tune.metric.pearson")}</th>
                      {resultBinary && (
                        <>
                          <th className="py-1 pr-3 text-right font-medium">{t("tune.metric.auc")}</th>
                          <th className="py-1 pr-3 text-right font-medium">{t("tune.best.threshold")}</th>
                          <th className="py-1 text-right font-medium">{t("tune.f1")}</th>
                        </>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {top.map((p, k) => (
                      <tr
                        key={p.i}
                        data-testid="tune-top-row"
                        onPointerEnter={() => setHovered(p.i)}
                        onPointerLeave={() => setHovered(null)}
                        className={cn("border-t border-slate-100", p.i === best?.index && "font-semibold")}
                      >
                        <td className="py-1 pr-3 text-slate-400">{k + 1}</td>
                        <td className="py-1 pr-3">{p.weights.dense.toFixed(2)}</td>
                        <td className="py-1 pr-3">{p.weights.sparse.toFixed(2)}</td>
                        <td className="py-1 pr-3">{p.weights.colbert.toFixed(2)}</td>
                        <MetricCell v={p.all?.spearman} strong={result.metric === "spearman"} />
                        <MetricCell v={p.all?.pearson} strong={result.metric === "pearson"} />
                        {resultBinary && (
                          <>
                            <MetricCell v={p.all?.auc} strong={result.metric === "auc"} />
                            <MetricCell v={p.all?.threshold?.threshold} />
                            <MetricCell v={p.all?.threshold?.f1} />
                          </>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </CardContent>
            </Card>
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
        </div>
      )}
    </PageShell>
  );
}

function MetricCell({ v, strong = false }: { v: number | null | undefined; strong?: boolean }) {
  const t = useManyT();
  return (
    <td className={cn("py-1 pr-3 text-right", strong ? "text-slate-900" : "text-slate-500")}>
      {v === null || v === undefined || Number.isNaN(v) ? t("tune.undefined") : formatScore(v)}
    </td>
  );
}

function Metric({ label, v }: { label: string; v: number }) {
  const t = useManyT();
  return (
    <>
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-right font-medium text-slate-900 tabular-nums">
        {Number.isNaN(v) ? t("tune.undefined") : formatScore(v)}
      </dd>
    </>
  );
}

function BestCard({
  search,
  metricName,
  onExport,
}: {
  search: WeightSearch;
  metricName: string;
  onExport: () => void;
}) {
  const t = useManyT();
  const { t: tc } = useI18n();
  const best = search.best;
  if (!best) {
    return (
      <Card>
        <CardContent>
          <p role="alert" className="text-sm text-rose-700">
            {t("tune.best.none")}
          </p>
        </CardContent>
      </Card>
    );
  }
  const th = search.threshold;
  const keys = ["dense", "sparse", "colbert"] as const;
  return (
    <Card
      data-testid="tune-best"
      data-dense={best.weights.dense}
      data-sparse={best.weights.sparse}
      data-colbert={best.weights.colbert}
    >
      <CardHeader>
        <CardTitle>{t("tune.best.heading")}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div className="grid grid-cols-3 gap-2">
          {keys.map((k) => (
            <div key={k} className="flex flex-col gap-1 rounded-xl bg-slate-50 p-2.5 ring-1 ring-slate-200/70">
              <span className="flex items-center gap-1.5 text-xs text-slate-600">
                <span aria-hidden="true" className={cn("size-2 rounded-full", MODE_STYLE[k].dot)} />
                {tc(`weight.${k}`)}
              </span>
              <span data-testid={`best-${k}`} className="text-2xl font-semibold text-slate-900 tabular-nums">
                {best.weights[k].toFixed(2)}
              </span>
            </div>
          ))}
        </div>
        <dl className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-600">{t("tune.best.value", { metric: metricName })}</dt>
          <dd
            data-testid="best-value"
            data-value={best.value}
            className="text-right font-semibold text-slate-900 tabular-nums"
          >
            {formatScore(best.value)}
          </dd>
          {th && (
            <>
              <dt className="text-slate-600">{t("tune.best.threshold")}</dt>
              <dd
                data-testid="best-threshold"
                data-value={th.threshold}
                className="text-right font-semibold text-slate-900 tabular-nums"
              >
                {formatScore(th.threshold)}
              </dd>
              <dt className="text-slate-600">{t("tune.f1")}</dt>
              <dd data-testid="best-f1" data-value={th.f1} className="text-right text-slate-900 tabular-nums">
                {formatScore(th.f1, 3)}
              </dd>
              <dt className="text-slate-600">
                {t("tune.precision")} / {t("tune.recall")}
              </dt>
              <dd className="text-right text-slate-700 tabular-nums">
                {formatScore(th.precision, 3)} / {formatScore(th.recall, 3)}
              </dd>
            </>
          )}
        </dl>
        {th && <p className="text-xs leading-relaxed text-slate-500">{t("tune.best.thresholdNote")}</p>}
        <div className="flex flex-wrap gap-2">
          <a
            data-testid="tune-apply"
            href={compareHref(best.weights)}
            className="inline-flex h-10 items-center justify-center gap-2 rounded-xl bg-indigo-600 px-4 text-sm font-medium text-white shadow-sm shadow-indigo-600/30 outline-none hover:bg-indigo-500 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
          >
            {t("tune.apply")} →
          </a>
          <Button variant="secondary" data-testid="tune-export" onClick={onExport}>
            ⤓ {t("tune.export")}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
