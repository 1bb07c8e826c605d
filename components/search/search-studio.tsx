"use client";

import { useCallback, useMemo, useState } from "react";
import { CopyAsCode } from "@/components/shell/copy-as-code";
import { useI18n } from "@/components/shell/i18n-provider";
import { PageShell } from "@/components/shell/page-shell";
import { ResultsPane, RunStatus } from "@/components/shell/run-status";
import { ThresholdField, thresholdOf } from "@/components/shell/threshold-field";
import { WeightPanel } from "@/components/shell/weight-panel";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { RerankResponse } from "@/lib/api/rerank-contract";
import { DEFAULT_THRESHOLDS } from "@/lib/m3/bands";
import { DEFAULT_WEIGHTS, isValidWeights } from "@/lib/m3/hybrid";
import type { HybridWeights } from "@/lib/m3/types";
import { downloadCsv } from "@/lib/ui/csv";
import { formatMs } from "@/lib/ui/format";
import { isRerankResponse } from "@/lib/ui/request/guards";
import { postJson } from "@/lib/ui/request/http";
import { answerOnScreen, type Send, useRequest } from "@/lib/ui/request/use-request";
import { shareHref } from "@/lib/ui/share-url";
import { textLines } from "@/lib/ui/text-lines";
import { PassageRow } from "./passage-row";
import { DEFAULT_ANSWER_THRESHOLD, rankByHybrid } from "./rank";
import { RankingQuality } from "./ranking-quality";
import { SEARCH_SAMPLES } from "./samples";
import { rankingCsv } from "./search-csv";
import { SearchInput } from "./search-input";

interface RerankBody {
  query: string;
  documents: string[];
}

const sendRerank: Send<RerankBody, RerankResponse> = (body, _onProgress, signal) =>
  postJson("/api/rerank", body, isRerankResponse, signal);

const FIRST = SEARCH_SAMPLES[0]!;

/**
 * The retrieval check: passages ranked against a query by hybrid score, the weak ones flagged; passages marked as
 * answering the query give each mode's MRR and recall@k.
 */
export function SearchStudio({ apiKey }: { apiKey: boolean }) {
  const { t } = useI18n();
  const [query, setQuery] = useState(FIRST.query);
  const [passages, setPassages] = useState(FIRST.passages.join("\n"));
  const [thresholdText, setThresholdText] = useState(String(DEFAULT_ANSWER_THRESHOLD));
  const [weights, setWeights] = useState<HybridWeights>({ ...DEFAULT_WEIGHTS });
  const { state, run } = useRequest(sendRerank, { query: FIRST.query, documents: [...FIRST.passages] });
  // Marked by text, so a mark stays on its passage when the list is ranked again or reordered.
  const [answering, setAnswering] = useState<ReadonlySet<string>>(() => new Set());

  const docs = useMemo(() => textLines(passages), [passages]);
  const rank = useCallback(() => run({ query: query.trim(), documents: docs }), [run, query, docs]);

  const shown = answerOnScreen(state);
  const data = shown?.data ?? null;
  const threshold = thresholdOf(thresholdText);
  // Re-ranking happens here, in the browser: a slider move never sends a request.
  const ranked = useMemo(
    () => (data && isValidWeights(weights) ? rankByHybrid(data.results, weights) : null),
    [data, weights],
  );
  const documents = shown?.body.documents;
  const relevant = useMemo(
    () => new Set((documents ?? []).flatMap((d, i) => (answering.has(d) ? [i] : []))),
    [documents, answering],
  );
  const mark = (text: string, on: boolean) =>
    setAnswering((marked) => {
      const next = new Set(marked);
      if (on) next.add(text);
      else next.delete(text);
      return next;
    });
  const exportCsv = () => {
    if (!ranked || !shown) return;
    const csv = rankingCsv(shown.body.query, ranked, shown.body.documents, (i) => relevant.has(i));
    downloadCsv("bge-m3-search.csv", csv);
  };
  const compareHref = (query: string, text: string) =>
    shareHref({
      a: query,
      b: text,
      mode: "hybrid",
      weights: isValidWeights(weights) ? weights : { ...DEFAULT_WEIGHTS },
      thresholds: DEFAULT_THRESHOLDS,
      sparseScale: "raw",
    });
  const low = ranked && threshold !== null ? ranked.filter((r) => r.hybrid < threshold).length : 0;
  const loading = state.status === "loading";

  return (
    <PageShell title={t("search.title")} tagline={t("search.tagline")} model={shown?.data.model}>
      <SearchInput
        query={query}
        onQuery={setQuery}
        passages={passages}
        onPassages={setPassages}
        passageCount={docs.length}
        onRank={rank}
        onSample={(s) => {
          setQuery(s.query);
          setPassages(s.passages.join("\n"));
          run({ query: s.query, documents: [...s.passages] });
        }}
        busy={loading}
      />
      <RunStatus state={state} empty={t("search.empty")} onRetry={run} />

      {shown && (
        <ResultsPane busy={loading}>
          <div className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
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
                        {t("search.summary", { ok: ranked.length - low, n: ranked.length, t: String(threshold), low })}
                      </span>
                    )
                  )}
                  <Button
                    size="sm"
                    variant="secondary"
                    className="ml-auto"
                    data-testid="search-csv"
                    disabled={!ranked}
                    onClick={exportCsv}
                  >
                    ⤓ {t("search.csv")}
                  </Button>
                </div>
                {ranked ? (
                  <ol className="flex flex-col gap-3">
                    {ranked.map((r, k) => (
                      <PassageRow
                        key={r.index}
                        rank={k + 1}
                        passage={r}
                        text={shown.body.documents[r.index] ?? ""}
                        flagged={threshold !== null && r.hybrid < threshold}
                        relevant={relevant.has(r.index)}
                        onRelevant={(on) => mark(shown.body.documents[r.index] ?? "", on)}
                        compareHref={compareHref(shown.body.query, shown.body.documents[r.index] ?? "")}
                      />
                    ))}
                  </ol>
                ) : (
                  <p role="alert" className="rounded-xl bg-rose-50 p-4 text-sm text-rose-700">
                    {t("search.weights.invalid")}
                  </p>
                )}
              </CardContent>
            </Card>
            <div className="flex min-w-0 flex-col gap-4">
              <Card>
                <CardHeader>
                  <CardTitle>{t("search.metrics.heading")}</CardTitle>
                </CardHeader>
                <CardContent>
                  <RankingQuality
                    results={shown.data.results}
                    weights={isValidWeights(weights) ? weights : null}
                    relevant={relevant}
                  />
                </CardContent>
              </Card>
              <Card>
                <CardHeader>
                  <CardTitle>{t("weights.heading")}</CardTitle>
                </CardHeader>
                <CardContent>
                  <WeightPanel weights={weights} onWeights={setWeights} scores={null} />
                </CardContent>
              </Card>
              <p data-testid="search-details" className="px-1 text-xs text-slate-500">
                {formatMs(shown.data.timing_ms.total)} ms · {shown.data.model.name}
              </p>
            </div>
          </div>
          <CopyAsCode path="/api/rerank" body={{ ...shown.body, weights }} apiKey={apiKey} />
        </ResultsPane>
      )}
    </PageShell>
  );
}
