"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { CopyAsCode } from "@/components/shell/copy-as-code";
import { ErrorPanel } from "@/components/shell/error-panel";
import { type I18n, useI18n } from "@/components/shell/i18n-provider";
import { MODES, type Mode } from "@/components/shell/modes";
import { PageShell } from "@/components/shell/page-shell";
import { ResultsPane } from "@/components/shell/run-status";
import { WeightPanel } from "@/components/shell/weight-panel";
import { Card, CardContent, CardDescription, CardHeader, CardSubtitle, CardTitle } from "@/components/ui/card";
import { type BandThresholds, DEFAULT_THRESHOLDS } from "@/lib/m3/bands";
import { combineScores, DEFAULT_WEIGHTS, isValidWeights } from "@/lib/m3/hybrid";
import type { HybridWeights, ModeScores } from "@/lib/m3/types";
import { errorWords } from "@/lib/ui/error-words";
import { EXAMPLES, type ExamplePair } from "@/lib/ui/examples";
import type { RequestError } from "@/lib/ui/request/request-error";
import type { SimilarityResult } from "@/lib/ui/request/similarity";
import { runSimilarity } from "@/lib/ui/request/similarity-runner";
import { answerOnScreen, type Send, useRequest } from "@/lib/ui/request/use-request";
import { type SharedComparison, sharedFromQuery, shareHref } from "@/lib/ui/share-url";
import { BandPanel } from "./band-panel";
import type { ComparedPair } from "./compared-pair";
import { Details } from "./details";
import { HistoryList } from "./history-list";
import { HybridFormula } from "./hybrid-formula";
import { PairForecast } from "./pair-forecast";
import { HeroScore, type ScoreSet, ScoreTiles } from "./score-board";
import { ShareLink } from "./share-link";
import { type SparseScale, scaledSparse } from "./sparse-scale";
import { SparseTable } from "./sparse-table";
import { CancelledNote, EmptyPanel, LoadingPanel, RefreshingBar } from "./states";
import { TextInputs } from "./text-inputs";
import { TokenMatchCard } from "./token-match-card";
import { TruncationWarning, wasCut } from "./truncation-warning";
import { useHistory } from "./use-history";
import { longPairEstimate, useMachineSpeed, useTokenCounts } from "./use-pair-forecast";

const TRUNCATION_ID = "truncation-warning";
const HISTORY_DELAY_MS = 400;

/** Comparisons run in the worker (see `similarity-runner.ts`). */
const sendPair: Send<ComparedPair, SimilarityResult> = ({ a, b }, _onProgress, signal) =>
  runSimilarity({ a, b }, signal);

/** The compare page: two texts, all four scores, the bands, the MaxSim heatmap and the shared words. */
export function CompareStudio({ apiKey }: { apiKey: boolean }) {
  const { t } = useI18n();
  const first = EXAMPLES[0]!;
  const [texts, setTexts] = useState<ComparedPair>({ a: first.a, b: first.b });
  const { state, run, cancel } = useRequest(sendPair, texts);
  const counts = useTokenCounts(texts);
  // The server learns its speed from every batch, so it is asked again each time a comparison ends.
  const speed = useMachineSpeed(state.status === "loading" ? null : state);
  const [mode, setMode] = useState<Mode>("hybrid");
  const [weights, setWeights] = useState<HybridWeights>({ ...DEFAULT_WEIGHTS });
  const [thresholds, setThresholds] = useState<BandThresholds>({ ...DEFAULT_THRESHOLDS });
  const [sparseScale, setSparseScale] = useState<SparseScale>("raw");
  const history = useHistory();
  /** Puts a shared comparison's parts on the page; its texts, when it has them, are compared. */
  const restore = useCallback(
    (shared: Partial<SharedComparison<Mode>>) => {
      if (shared.weights) setWeights(shared.weights);
      if (shared.mode) setMode(shared.mode);
      if (shared.thresholds) setThresholds(shared.thresholds);
      setSparseScale(shared.sparseScale ?? "raw");
      if (shared.a !== undefined && shared.b !== undefined) {
        setTexts({ a: shared.a, b: shared.b });
        run({ a: shared.a, b: shared.b });
      }
    },
    [run],
  );
  // A share link (or the tuning page's "Apply", which carries only weights) replaces the defaults once; its texts are
  // compared instead of the first example.
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once, on arrival
  useEffect(() => restore(sharedFromQuery(window.location.search, MODES)), []);

  const compare = useCallback(() => run(texts), [run, texts]);
  const onExample = useCallback(
    (ex: ExamplePair) => {
      setTexts({ a: ex.a, b: ex.b });
      run({ a: ex.a, b: ex.b });
    },
    [run],
  );

  const shown = answerOnScreen(state);
  const result = shown?.data ?? null;
  const data = result?.data ?? null;
  const pair = shown?.body ?? null;
  const loading = state.status === "loading";
  const estimate = longPairEstimate(counts, speed, loading ? state.body : texts, loading ? null : pair);

  const modeScores = useMemo<ModeScores | null>(
    () =>
      data
        ? {
            dense: data.scores.dense,
            sparse: scaledSparse(data.scores.sparse, data.lexical, sparseScale),
            colbert: data.scores.colbert,
          }
        : null,
    [data, sparseScale],
  );
  // Recombination happens here, in the browser: a slider or mode change never sends a request.
  const combined = useMemo(
    () => (modeScores && isValidWeights(weights) ? combineScores(modeScores, weights) : null),
    [modeScores, weights],
  );
  const scores: ScoreSet = {
    dense: modeScores?.dense ?? null,
    sparse: modeScores?.sparse ?? null,
    colbert: modeScores?.colbert ?? null,
    hybrid: combined?.hybrid ?? null,
  };

  const invalid = state.status === "error" ? blamedText(state.error, t) : null;
  // The comparison on screen is the history's newest entry, with the settings it is seen with now.
  const href = pair && isValidWeights(weights) ? shareHref({ ...pair, mode, weights, thresholds, sparseScale }) : null;
  const { record } = history;
  useEffect(() => {
    if (!href) return;
    // Saved once the sliders rest, not on every drag step.
    const timer = setTimeout(() => record(href), HISTORY_DELAY_MS);
    return () => clearTimeout(timer);
  }, [href, record]);

  return (
    <PageShell tagline={t("app.tagline")} model={data?.model} footer={t("footer.note")}>
      <Card>
        <CardContent>
          <TextInputs
            a={texts.a}
            b={texts.b}
            onChange={setTexts}
            onCompare={compare}
            onExample={onExample}
            busy={loading}
            invalid={invalid}
            forecast={<PairForecast counts={counts} texts={texts} estimateMs={estimate} />}
          />
        </CardContent>
      </Card>

      <section aria-label={t("modes.label")} className="flex min-w-0 flex-col gap-4">
        {state.status === "idle" && <EmptyPanel />}
        {state.status === "loading" && !data && (
          <LoadingPanel startedAt={state.startedAt} estimateMs={estimate} onCancel={cancel} />
        )}
        {state.status === "error" && (
          <ErrorPanel error={state.error} onRetry={() => run(state.body)} keptPrevious={data !== null} />
        )}
        {state.status === "loading" && data && (
          <RefreshingBar startedAt={state.startedAt} estimateMs={estimate} onCancel={cancel} />
        )}
        {state.status === "cancelled" && <CancelledNote elapsedMs={state.elapsedMs} keptPrevious={data !== null} />}

        {data && pair && (
          <ResultsPane busy={loading}>
            <div className="grid min-w-0 gap-6 lg:grid-cols-[1.15fr_1fr]">
              <Card>
                <CardContent className="flex flex-col gap-6">
                  <div className="flex flex-col gap-3">
                    <HeroScore
                      mode={mode}
                      value={scores[mode]}
                      describedBy={wasCut(data) ? TRUNCATION_ID : undefined}
                    />
                    <TruncationWarning id={TRUNCATION_ID} data={data} />
                  </div>
                  <BandPanel
                    score={scores[mode]}
                    mode={mode}
                    thresholds={thresholds}
                    onThresholds={setThresholds}
                    rawSparse={sparseScale === "raw"}
                  />
                  <ScoreTiles scores={scores} mode={mode} onMode={setMode} sparseScale={sparseScale} />
                  {modeScores && (
                    <HybridFormula
                      weights={weights}
                      scores={modeScores}
                      hybrid={scores.hybrid}
                      sparseScale={sparseScale}
                      onSparseScale={setSparseScale}
                    />
                  )}
                </CardContent>
              </Card>
              <Card>
                <CardHeader>
                  <CardTitle>{t("weights.heading")}</CardTitle>
                  <CardDescription>{t("weights.intro")}</CardDescription>
                </CardHeader>
                <CardContent>
                  <WeightPanel weights={weights} onWeights={setWeights} scores={modeScores} />
                </CardContent>
              </Card>
            </div>

            <ShareLink shared={{ ...pair, mode, weights, thresholds, sparseScale }} />
            <CopyAsCode path="/api/similarity" body={{ ...pair, weights }} apiKey={apiKey} />

            <TokenMatchCard result={result!} pair={pair} />

            <Card>
              <CardHeader>
                <CardTitle>
                  {t("sparse.heading")}
                  <CardSubtitle>{t("sparse.sub")}</CardSubtitle>
                </CardTitle>
                <CardDescription>{t("sparse.intro")}</CardDescription>
              </CardHeader>
              <CardContent>
                <SparseTable lexical={data.lexical} sparse={data.scores.sparse} />
              </CardContent>
            </Card>

            <Details data={data} />
          </ResultsPane>
        )}
      </section>

      <HistoryList entries={history.entries} onRestore={restore} onClear={history.clear} />
    </PageShell>
  );
}

/** The text box the server blamed ("a" or "b") and what is wrong, in plain words; null for any other field. */
function blamedText(error: RequestError, t: I18n["t"]): { field: "a" | "b"; message: string } | null {
  const { field } = error;
  if (field !== "a" && field !== "b") return null;
  const detail = errorWords(error).detail;
  return { field, message: detail ? t(detail.key, detail.vars) : error.message };
}
