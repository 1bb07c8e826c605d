"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { TestModelBanner } from "@/components/compare/details";
import { MODE_STYLE, type Mode } from "@/components/compare/modes";
import { ErrorPanel } from "@/components/compare/states";
import { WeightPanel } from "@/components/compare/weight-panel";
import { I18nProvider, useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { MATRIX_MAX_TEXTS, type MatrixRequest, type MatrixResponse } from "@/lib/api/matrix-contract";
import type { Lang } from "@/lib/i18n";
import { DEFAULT_WEIGHTS, hybridScore, hybridScores, isValidWeights } from "@/lib/m3/hybrid";
import { nearDuplicateGroups } from "@/lib/m3/near-duplicates";
import type { ModeMatrices } from "@/lib/m3/score-matrix";
import type { HybridWeights } from "@/lib/m3/types";
import { cn } from "@/lib/ui/cn";
import { formatMs, formatScore } from "@/lib/ui/format";
import { downloadText, matrixCsv } from "./csv";
import { DedupePanel } from "./dedupe-panel";
import { textLines } from "./lines";
import { type MatrixCell, MatrixHeatmap } from "./matrix-heatmap";
import { useManyT } from "./messages";
import { ModePicker } from "./mode-picker";
import { PageShell } from "./page-shell";
import { ProgressBar } from "./progress-bar";
import { CROSS_LINGUAL_SAMPLE, SIXTY_FOUR_SAMPLE } from "./samples";
import { postWithProgress } from "./stream-client";
import { type Send, useProgressRequest } from "./use-progress-request";

export function MatrixStudio({ initialLang }: { initialLang: Lang }) {
  return (
    <I18nProvider initialLang={initialLang}>
      <Matrix />
    </I18nProvider>
  );
}

function isMatrixResponse(x: unknown): x is MatrixResponse {
  const r = x as MatrixResponse | null;
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.n === "number" &&
    Array.isArray(r.matrices?.dense) &&
    Array.isArray(r.matrices.sparse) &&
    Array.isArray(r.matrices.colbert) &&
    r.matrices.colbert.length === r.n
  );
}

const sendMatrix: Send<MatrixResponse, MatrixRequest> = (body, onProgress, signal) =>
  postWithProgress("/api/matrix", body, onProgress, isMatrixResponse, signal);

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

function Matrix() {
  const t = useManyT();
  const { t: tc } = useI18n();
  const [text, setText] = useState(() => CROSS_LINGUAL_SAMPLE.join("\n"));
  const { state, run } = useProgressRequest<MatrixResponse, MatrixRequest>(sendMatrix);
  const [mode, setMode] = useState<Mode>("hybrid");
  const [weights, setWeights] = useState<HybridWeights>({ ...DEFAULT_WEIGHTS });
  const [thresholdText, setThresholdText] = useState(DEFAULT_DEDUPE);
  const [selected, setSelected] = useState<MatrixCell | null>(null);

  const lines = useMemo(() => textLines(text), [text]);
  const inputProblem =
    lines.length < 2
      ? t("matrix.tooFew")
      : lines.length > MATRIX_MAX_TEXTS
        ? t("matrix.tooMany", { max: MATRIX_MAX_TEXTS })
        : null;

  const compute = useCallback(
    (texts: string[]) => {
      setSelected(null);
      run({ texts });
    },
    [run],
  );
  // The sample is computed as soon as the page opens, so a visitor lands on a result.
  // biome-ignore lint/correctness/useExhaustiveDependencies: run once on mount, with the initial texts
  useEffect(() => compute(textLines(text)), []);

  const data = state.status === "success" ? state.data : state.status === "loading" ? state.previous : null;
  // The texts behind the matrix on screen (while a new run loads, the previous run's).
  const texts =
    state.status === "success" ? state.body.texts : state.status === "loading" ? (state.previousBody?.texts ?? []) : [];

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

  const threshold =
    thresholdText.trim() !== "" && Number.isFinite(Number(thresholdText)) ? Number(thresholdText) : null;
  const groups = useMemo(
    () => (values && modes && threshold !== null ? nearDuplicateGroups(values, modes.n, threshold) : []),
    [values, modes, threshold],
  );

  const exportCsv = () => {
    if (!values || !modes) return;
    const csv = matrixCsv("query \\ document", texts, values);
    downloadText(`bge-m3-matrix-${mode}.csv`, `\uFEFF${csv}`, "text/csv;charset=utf-8");
  };

  const loading = state.status === "loading";
  const tokens = data ? data.token_counts.reduce((s, c) => s + c.after, 0) : 0;
  const truncated = data ? data.token_counts.filter((c) => c.truncated).length : 0;

  return (
    <PageShell title={t("matrix.title")} tagline={t("matrix.tagline")}>
      <TestModelBanner model={data?.model} />

      <Card>
        <CardContent className="flex flex-col gap-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <label htmlFor="matrix-input" className="text-sm font-semibold text-slate-800">
              {t("matrix.input.label")}
            </label>
            <span data-testid="matrix-count" className="text-xs text-slate-500 tabular-nums">
              {t("lines.count", { n: lines.length })} · {t("matrix.input.limit", { max: MATRIX_MAX_TEXTS })}
            </span>
          </div>
          <textarea
            id="matrix-input"
            data-testid="matrix-input"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && !inputProblem) compute(lines);
            }}
            rows={9}
            spellCheck={false}
            placeholder={t("matrix.input.placeholder")}
            aria-invalid={inputProblem !== null}
            className="min-h-40 w-full resize-y rounded-xl border border-slate-300 bg-white px-3 py-2 font-mono text-sm leading-6 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          />
          <div className="flex flex-wrap items-center justify-between gap-3">
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-xs font-semibold tracking-wider text-slate-500 uppercase">
                {t("matrix.samples")}
              </span>
              <Button
                size="sm"
                variant="secondary"
                data-testid="sample-cross-lingual"
                onClick={() => {
                  setText(CROSS_LINGUAL_SAMPLE.join("\n"));
                  compute([...CROSS_LINGUAL_SAMPLE]);
                }}
              >
                {t("matrix.sample.crossLingual")}
              </Button>
              <Button
                size="sm"
                variant="secondary"
                data-testid="sample-sixty-four"
                onClick={() => {
                  setText(SIXTY_FOUR_SAMPLE.join("\n"));
                  compute([...SIXTY_FOUR_SAMPLE]);
                }}
              >
                {t("matrix.sample.sixtyFour")}
              </Button>
            </div>
            <div className="flex items-center gap-3">
              {inputProblem && (
                <span role="alert" className="text-sm text-rose-600">
                  {inputProblem}
                </span>
              )}
              <Button
                data-testid="matrix-run"
                disabled={inputProblem !== null || loading}
                onClick={() => compute(lines)}
              >
                {loading ? t("matrix.busy") : t("matrix.run")}
              </Button>
            </div>
          </div>
        </CardContent>
      </Card>

      {state.status === "idle" && (
        <p className="rounded-2xl border border-dashed border-slate-300 bg-white/60 p-10 text-center text-sm text-slate-500">
          {t("matrix.empty")}
        </p>
      )}
      {state.status === "loading" && <ProgressBar progress={state.progress} startedAt={state.startedAt} />}
      {state.status === "error" && <ErrorPanel error={state.error} onRetry={() => run(state.body)} />}

      {data && modes && state.status !== "error" && (
        <div
          aria-busy={loading}
          className={cn("flex min-w-0 flex-col gap-6 transition-opacity", loading && "opacity-55")}
        >
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
                    {t("matrix.csv.hint", { mode: tc(`mode.${mode}`) })}
                  </span>
                  <Button size="sm" variant="secondary" data-testid="matrix-csv" disabled={!values} onClick={exportCsv}>
                    ⤓ {t("matrix.csv")}
                  </Button>
                </div>
              </div>
              <div className="grid min-w-0 gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
                {values ? (
                  <MatrixHeatmap n={modes.n} values={values} texts={texts} selected={selected} onSelect={setSelected} />
                ) : (
                  <p role="alert" className="rounded-xl bg-rose-50 p-6 text-sm text-rose-700">
                    {t("matrix.weights.invalid")}
                  </p>
                )}
                <div className="flex min-w-0 flex-col gap-6">
                  <div className="flex flex-col gap-2">
                    <h3 className="text-sm font-semibold text-slate-800">{t("matrix.weights.heading")}</h3>
                    <p className="text-xs text-slate-500">{t("matrix.weights.intro")}</p>
                    <WeightPanel weights={weights} onWeights={setWeights} scores={null} />
                  </div>
                  <PairDetails modes={modes} weights={weights} texts={texts} selected={selected} />
                </div>
              </div>
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>
                {t("matrix.dedupe.heading")}
                <span className="text-sm font-normal text-slate-400">{tc(`mode.${mode}`)}</span>
              </CardTitle>
            </CardHeader>
            <CardContent>
              <DedupePanel
                mode={mode}
                groups={groups}
                texts={texts}
                thresholdText={thresholdText}
                onThresholdText={setThresholdText}
                threshold={threshold}
                onPick={(i) => setSelected({ row: i, col: i })}
              />
            </CardContent>
          </Card>

          <p data-testid="matrix-details" className="px-1 text-xs text-slate-500">
            {t("matrix.details", {
              n: data.n,
              tokens: tokens.toLocaleString("en-US"),
              ms: formatMs(data.timing_ms.total),
              encode: formatMs(data.timing_ms.encode),
              score: formatMs(data.timing_ms.score),
            })}
            {truncated > 0 && ` · ${t("matrix.truncated", { n: truncated, max: data.max_length })}`}
            {` · ${data.model.name}`}
          </p>
        </div>
      )}
    </PageShell>
  );
}

/** Both texts of the selected cell and every score, with ColBERT both ways. */
function PairDetails({
  modes,
  weights,
  texts,
  selected,
}: {
  modes: ModeMatrices;
  weights: HybridWeights;
  texts: readonly string[];
  selected: MatrixCell | null;
}) {
  const t = useManyT();
  const { t: tc } = useI18n();
  if (!selected) {
    return (
      <div className="flex flex-col gap-1">
        <h3 className="text-sm font-semibold text-slate-800">{t("matrix.pair.heading")}</h3>
        <p className="text-xs text-slate-500">{t("matrix.pair.hint")}</p>
      </div>
    );
  }
  const { row: i, col: j } = selected;
  const n = modes.n;
  const k = i * n + j;
  const scores = { dense: modes.dense[k]!, sparse: modes.sparse[k]!, colbert: modes.colbert[k]! };
  const hybrid = isValidWeights(weights) ? hybridScore(scores, weights) : Number.NaN;
  const rows: { key: Mode | "reverse"; label: string; v: number }[] = [
    { key: "dense", label: tc("mode.dense"), v: modes.dense[k]! },
    { key: "sparse", label: tc("mode.sparse"), v: modes.sparse[k]! },
    { key: "colbert", label: tc("mode.colbert"), v: modes.colbert[k]! },
    { key: "hybrid", label: tc("mode.hybrid"), v: hybrid },
    { key: "reverse", label: t("matrix.pair.reverse", { i, j }), v: modes.colbert[j * n + i]! },
  ];
  return (
    <div data-testid="matrix-pair" className="flex flex-col gap-3">
      <h3 className="text-sm font-semibold text-slate-800">{t("matrix.pair.heading")}</h3>
      <div className="flex flex-col gap-2 text-sm">
        <div>
          <div className="text-xs text-slate-500">{t("matrix.pair.query", { i })}</div>
          <p className="break-words text-slate-900">{texts[i]}</p>
        </div>
        <div>
          <div className="text-xs text-slate-500">{t("matrix.pair.document", { j })}</div>
          <p className="break-words text-slate-900">{texts[j]}</p>
        </div>
      </div>
      <dl className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 text-sm">
        {rows.map((r) => (
          <div key={r.key} className="contents">
            <dt className="flex items-center gap-1.5 text-slate-600">
              {r.key !== "reverse" && (
                <span aria-hidden="true" className={cn("size-2 rounded-full", MODE_STYLE[r.key].dot)} />
              )}
              {r.label}
            </dt>
            <dd
              data-testid={`pair-${r.key}`}
              data-value={r.v}
              className="text-right font-medium text-slate-900 tabular-nums"
            >
              {formatScore(r.v)}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
