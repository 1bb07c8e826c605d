"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { TestModelBanner } from "@/components/compare/details";
import { MODE_STYLE } from "@/components/compare/modes";
import { ErrorPanel } from "@/components/compare/states";
import { WeightPanel } from "@/components/compare/weight-panel";
import { I18nProvider, useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { RerankResponse } from "@/lib/api/rerank-contract";
import type { Lang } from "@/lib/i18n";
import { DEFAULT_WEIGHTS, hybridScore, isValidWeights } from "@/lib/m3/hybrid";
import type { HybridWeights, ModeScores } from "@/lib/m3/types";
import { cn } from "@/lib/ui/cn";
import { formatMs, formatScore } from "@/lib/ui/format";
import { textLines } from "./lines";
import { useManyT } from "./messages";
import { PageShell } from "./page-shell";
import { ProgressBar } from "./progress-bar";
import { SEARCH_SAMPLES, type SearchSample } from "./samples";
import { postJson } from "./stream-client";
import { ThresholdField } from "./threshold-field";
import { type Send, useProgressRequest } from "./use-progress-request";

export function SearchStudio({ initialLang }: { initialLang: Lang }) {
  return (
    <I18nProvider initialLang={initialLang}>
      <Search />
    </I18nProvider>
  );
}

/** The default: below 0.6 the passage "does not really answer". */
export const DEFAULT_ANSWER_THRESHOLD = 0.6;

interface RerankBody {
  query: string;
  documents: string[];
}

function isRerankResponse(x: unknown): x is RerankResponse {
  const r = x as RerankResponse | null;
  return (
    typeof r === "object" &&
    r !== null &&
    Array.isArray(r.results) &&
    r.results.every(
      (e) =>
        typeof e.index === "number" &&
        typeof e.scores?.dense === "number" &&
        typeof e.scores.sparse === "number" &&
        typeof e.scores.colbert === "number",
    )
  );
}

const sendRerank: Send<RerankResponse, RerankBody> = (body, _onProgress, signal) =>
  postJson("/api/rerank", body, isRerankResponse, signal);

/** One passage with its mode scores and the hybrid under the current weights. */
export interface RankedPassage {
  index: number;
  scores: ModeScores;
  hybrid: number;
}

/** The passages sorted by hybrid under `w`, best first (ties: lower index first), as the rerank API sorts. */
export function rankByHybrid(
  results: readonly { index: number; scores: ModeScores }[],
  w: HybridWeights,
): RankedPassage[] {
  return results
    .map((r) => ({
      index: r.index,
      scores: { dense: r.scores.dense, sparse: r.scores.sparse, colbert: r.scores.colbert },
      hybrid: hybridScore(r.scores, w),
    }))
    .sort((x, y) => y.hybrid - x.hybrid || x.index - y.index);
}

function Search() {
  const t = useManyT();
  const first = SEARCH_SAMPLES[0]!;
  const [query, setQuery] = useState(first.query);
  const [passages, setPassages] = useState(first.passages.join("\n"));
  const [thresholdText, setThresholdText] = useState(String(DEFAULT_ANSWER_THRESHOLD));
  const [weights, setWeights] = useState<HybridWeights>({ ...DEFAULT_WEIGHTS });
  const { state, run } = useProgressRequest<RerankResponse, RerankBody>(sendRerank);

  const docs = useMemo(() => textLines(passages), [passages]);
  const ready = query.trim() !== "" && docs.length > 0;
  const rank = useCallback(() => run({ query: query.trim(), documents: docs }), [run, query, docs]);
  const onSample = (s: SearchSample) => {
    setQuery(s.query);
    setPassages(s.passages.join("\n"));
    run({ query: s.query, documents: [...s.passages] });
  };
  // The first sample is ranked as soon as the page opens.
  // biome-ignore lint/correctness/useExhaustiveDependencies: run once on mount, with the initial texts
  useEffect(() => rank(), []);

  const data = state.status === "success" ? state.data : state.status === "loading" ? state.previous : null;
  const body = state.status === "success" ? state.body : state.status === "loading" ? state.previousBody : null;
  const threshold =
    thresholdText.trim() !== "" && Number.isFinite(Number(thresholdText)) ? Number(thresholdText) : null;
  // Re-ranking happens here, in the browser: a slider move never sends a request.
  const ranked = useMemo(
    () => (data && isValidWeights(weights) ? rankByHybrid(data.results, weights) : null),
    [data, weights],
  );
  const low = ranked && threshold !== null ? ranked.filter((r) => r.hybrid < threshold).length : 0;
  const loading = state.status === "loading";

  return (
    <PageShell title={t("search.title")} tagline={t("search.tagline")}>
      <TestModelBanner model={data?.model} />

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
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && ready) rank();
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
              <span className="text-xs text-slate-500 tabular-nums">{t("lines.count", { n: docs.length })}</span>
            </div>
            <textarea
              id="search-passages"
              data-testid="search-passages"
              value={passages}
              onChange={(e) => setPassages(e.target.value)}
              onKeyDown={(e) => {
                if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && ready) rank();
              }}
              rows={7}
              placeholder={t("search.passages.placeholder")}
              className="min-h-32 w-full resize-y rounded-xl border border-slate-300 bg-white px-3 py-2 text-sm leading-6 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            />
          </div>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-xs font-semibold tracking-wider text-slate-500 uppercase">
                {t("search.samples")}
              </span>
              {SEARCH_SAMPLES.map((s) => (
                <Button
                  key={s.id}
                  size="sm"
                  variant="secondary"
                  data-testid={`search-sample-${s.id}`}
                  onClick={() => onSample(s)}
                >
                  {t(s.id === "bge" ? "search.sample.bge" : "search.sample.zh")}
                </Button>
              ))}
            </div>
            <div className="flex items-center gap-3">
              {!ready && (
                <span role="alert" className="text-sm text-rose-600">
                  {t("search.noQuery")}
                </span>
              )}
              <Button data-testid="search-run" disabled={!ready || loading} onClick={rank}>
                {loading ? t("search.busy") : t("search.run")}
              </Button>
            </div>
          </div>
        </CardContent>
      </Card>

      {state.status === "idle" && (
        <p className="rounded-2xl border border-dashed border-slate-300 bg-white/60 p-10 text-center text-sm text-slate-500">
          {t("search.empty")}
        </p>
      )}
      {state.status === "loading" && <ProgressBar progress={null} startedAt={state.startedAt} />}
      {state.status === "error" && <ErrorPanel error={state.error} onRetry={() => run(state.body)} />}

      {data && body && state.status !== "error" && (
        <div
          aria-busy={loading}
          className={cn(
            "grid min-w-0 gap-6 transition-opacity lg:grid-cols-[minmax(0,1fr)_20rem]",
            loading && "opacity-55",
          )}
        >
          <Card>
            <CardHeader>
              <CardTitle>{t("search.results")}</CardTitle>
              <CardDescription>{t("search.order")}</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              <div className="flex flex-wrap items-center gap-3">
                <ThresholdField
                  id="search-threshold"
                  label={t("search.threshold")}
                  text={thresholdText}
                  invalid={threshold === null}
                  onText={setThresholdText}
                />
                {threshold === null ? (
                  <span role="alert" className="text-sm text-rose-600">
                    {t("search.threshold.invalid")}
                  </span>
                ) : (
                  ranked && (
                    <span data-testid="search-summary" className="text-xs text-slate-500">
                      {t("search.summary", { ok: ranked.length - low, n: ranked.length, t: threshold, low })}
                    </span>
                  )
                )}
              </div>
              {ranked ? (
                <ol className="flex flex-col gap-3">
                  {ranked.map((r, k) => (
                    <PassageRow
                      key={r.index}
                      rank={k + 1}
                      passage={r}
                      text={body.documents[r.index] ?? ""}
                      flagged={threshold !== null && r.hybrid < threshold}
                    />
                  ))}
                </ol>
              ) : (
                <p role="alert" className="rounded-xl bg-rose-50 p-4 text-sm text-rose-700">
                  {t("matrix.weights.invalid")}
                </p>
              )}
            </CardContent>
          </Card>
          <div className="flex min-w-0 flex-col gap-4">
            <Card>
              <CardHeader>
                <CardTitle>{t("matrix.weights.heading")}</CardTitle>
              </CardHeader>
              <CardContent>
                <WeightPanel weights={weights} onWeights={setWeights} scores={null} />
              </CardContent>
            </Card>
            <p data-testid="search-details" className="px-1 text-xs text-slate-500">
              {formatMs(data.timing_ms.total)} ms · {data.model.name}
            </p>
          </div>
        </div>
      )}
    </PageShell>
  );
}

function PassageRow({
  rank,
  passage,
  text,
  flagged,
}: {
  rank: number;
  passage: RankedPassage;
  text: string;
  flagged: boolean;
}) {
  const t = useManyT();
  const { t: tc } = useI18n();
  const width = Math.max(0, Math.min(1, passage.hybrid)) * 100;
  return (
    <li
      data-testid="search-result"
      data-index={passage.index}
      data-hybrid={passage.hybrid}
      data-flagged={flagged}
      className={cn(
        "flex flex-col gap-2 rounded-xl p-3 ring-1",
        flagged ? "bg-rose-50/60 ring-rose-200" : "bg-white ring-slate-200",
      )}
    >
      <div className="flex items-start gap-3">
        <span className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full bg-slate-900 text-xs font-semibold text-white tabular-nums">
          {rank}
        </span>
        <div className="flex min-w-0 flex-1 flex-col gap-1.5">
          <p className="text-sm break-words text-slate-900">
            <span className="mr-1.5 text-xs text-slate-400">{t("search.passage", { i: passage.index })}</span>
            {text}
          </p>
          {flagged ? (
            <span
              data-testid="passage-flag"
              className="inline-flex w-fit items-center gap-1.5 rounded-full bg-rose-100 px-2 py-0.5 text-xs font-medium text-rose-800"
            >
              ⚠ {t("search.flag")}
            </span>
          ) : (
            <span className="inline-flex w-fit items-center gap-1.5 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700">
              ✓ {t("search.ok")}
            </span>
          )}
        </div>
        <div className="flex shrink-0 flex-col items-end">
          <span className="text-xs text-slate-500">{t("search.hybrid")}</span>
          <span data-testid="passage-hybrid" className="text-xl font-semibold text-slate-900 tabular-nums">
            {formatScore(passage.hybrid, 3)}
          </span>
        </div>
      </div>
      <div className="ml-10 flex flex-col gap-1.5">
        <div aria-hidden="true" className="h-1.5 w-full overflow-hidden rounded-full bg-slate-100">
          <span
            className={cn("block h-full rounded-full", flagged ? "bg-rose-400" : MODE_STYLE.hybrid.bar)}
            style={{ width: `${width}%` }}
          />
        </div>
        <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
          {(["dense", "sparse", "colbert"] as const).map((m) => (
            <div key={m} className="flex items-center gap-1.5">
              <dt className="flex items-center gap-1">
                <span aria-hidden="true" className={cn("size-1.5 rounded-full", MODE_STYLE[m].dot)} />
                {tc(`mode.${m}`)}
              </dt>
              <dd data-testid={`passage-${m}`} data-value={passage.scores[m]} className="font-medium tabular-nums">
                {formatScore(passage.scores[m], 3)}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </li>
  );
}
