"use client";

import { quoteProblemKey } from "@/components/shell/drop-words";
import { FILE_BUTTON_CLASS, FilePicker, useTextFileOpener } from "@/components/shell/file-drop";
import { useI18n } from "@/components/shell/i18n-provider";
import { ProblemList } from "@/components/shell/problem-list";
import { SampleButtons } from "@/components/shell/sample-buttons";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { simplexDivisions, simplexSize } from "@/lib/m3/simplex";
import { TUNE_METRICS, type TuneMetric } from "@/lib/m3/tune";
import { cn } from "@/lib/ui/cn";
import { DATA_FILE_ACCEPT } from "@/lib/ui/data-files";
import { distinctTexts, type PairsFormat, type ParseProblem } from "./pairs-file";
import type { PairsInput } from "./use-pairs-input";

/** The grid steps offered: 66 and 231 points. */
const STEPS = [0.1, 0.05] as const;

const TUNE_SAMPLES = [
  { id: "binary", file: "/samples/paraphrase-pairs.csv", key: "tune.sample.binary", metric: "auc" },
  { id: "graded", file: "/samples/graded-similarity.jsonl", key: "tune.sample.graded", metric: "spearman" },
] as const;

export type TuneSample = (typeof TUNE_SAMPLES)[number];

export interface TuneInputProps {
  input: PairsInput;
  step: number;
  onStep: (step: number) => void;
  metric: TuneMetric;
  onMetric: (metric: TuneMetric) => void;
  /** ROC-AUC needs 0/1 labels. */
  aucAllowed: boolean;
  /** Why these labels cannot be tuned on, if they cannot. */
  runProblem: string | null;
  onRun: () => void;
  onSample: (sample: TuneSample) => void;
  busy: boolean;
  /** The page's banner already names the model of the result on screen: the note would say it twice. */
  modelKnown: boolean;
}

/** The labelled pairs (pasted, uploaded or a sample), what was parsed from them, the grid step, the metric and Run. */
export function TuneInput(props: TuneInputProps) {
  const { input, runProblem, onRun, onSample, busy, modelKnown } = props;
  const { t } = useI18n();
  const file = useTextFileOpener((text, f) => input.setText(text, f.name));
  const { drop } = file;
  return (
    <Card>
      <CardContent className="flex flex-col gap-4">
        {!modelKnown && (
          <p
            data-testid="tune-test-model-note"
            className="rounded-xl bg-amber-50 px-3 py-2 text-xs text-amber-900 ring-1 ring-amber-200"
          >
            {t("tune.testModelNote")}
          </p>
        )}
        <div className="flex flex-col gap-1.5">
          <label htmlFor="tune-input" className="text-sm font-semibold text-slate-800">
            {t("tune.input.label")}
          </label>
          <p className="text-xs text-slate-500">{t("tune.input.help")}</p>
          <textarea
            id="tune-input"
            data-testid="tune-input"
            {...drop.handlers}
            value={input.text}
            onChange={(e) => {
              file.clear();
              input.setText(e.target.value);
            }}
            rows={8}
            spellCheck={false}
            placeholder={t("tune.input.placeholder")}
            aria-invalid={input.parsed !== null && !input.parsed.ok}
            aria-describedby="tune-parsed"
            className={cn(
              "min-h-36 w-full resize-y rounded-xl border border-slate-300 bg-white px-3 py-2 font-mono text-xs leading-5 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 aria-invalid:border-rose-400",
              drop.over && "ring-2 ring-indigo-500",
            )}
          />
          <ParsedLine input={input} runProblem={runProblem} />
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <FilePicker
            accept={DATA_FILE_ACCEPT}
            testId="tune-file"
            onFile={(f) => void file.open(f)}
            className={FILE_BUTTON_CLASS}
          >
            ⤒ {t("tune.upload")}
          </FilePicker>
          {file.problem && (
            <span role="alert" data-testid="tune-file-problem" className="text-xs text-rose-600">
              {file.problem}
            </span>
          )}
          <SampleButtons
            testIdPrefix="tune-sample"
            samples={TUNE_SAMPLES.map((s) => ({ id: s.id, label: t(s.key) }))}
            onPick={(id) => {
              file.clear();
              onSample(TUNE_SAMPLES.find((s) => s.id === id)!);
            }}
          />
        </div>
        <div className="flex flex-wrap items-end justify-between gap-4">
          <GridOptions {...props} />
          <Button data-testid="tune-run" disabled={!input.parsed?.ok || runProblem !== null || busy} onClick={onRun}>
            {busy ? t("tune.busy") : t("tune.run")}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}

/** "120 pairs · 240 distinct texts · 0/1 labels · CSV", or the lines that failed to parse, and any label problem. */
function ParsedLine({ input, runProblem }: { input: PairsInput; runProblem: string | null }) {
  const { t } = useI18n();
  const { parsed } = input;
  return (
    <div id="tune-parsed" data-testid="tune-parsed" aria-live="polite" className="text-xs">
      {parsed === null ? null : parsed.ok ? (
        <span className="text-slate-600">
          {t("tune.parsed", {
            n: parsed.pairs.length,
            texts: distinctTexts(parsed.pairs),
            kind: t(input.binary ? "tune.kind.binary" : "tune.kind.numeric"),
            format: parsed.format.toUpperCase(),
          })}
        </span>
      ) : (
        <ParseProblems problems={parsed.problems} format={parsed.format} />
      )}
      {runProblem && (
        <span role="alert" className="ml-2 text-rose-600">
          {runProblem}
        </span>
      )}
    </div>
  );
}

/** Every line that failed to parse, by its number, in file order. */
function ParseProblems({ problems, format }: { problems: readonly ParseProblem[]; format: PairsFormat }) {
  const { t } = useI18n();
  const message = (p: ParseProblem) =>
    p.kind === "unclosedQuote" || p.kind === "textAfterQuote"
      ? t(quoteProblemKey(format === "tsv" ? "tsv" : "csv", p.kind))
      : t(`tune.problem.${p.kind}`, { detail: p.detail ?? "" });
  const lines = problems.map((p) => ({ line: p.line, text: t("line.problem", { line: p.line, message: message(p) }) }));
  return (
    <div role="alert" className="text-rose-600">
      <ProblemList problems={lines} more={(n) => t("tune.parseMore", { n })} testId="tune-parse-problems" />
    </div>
  );
}

const selectClass =
  "rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500";
const optionLabel = "text-xs font-semibold tracking-wider text-slate-500 uppercase";

/** The grid step (with its number of points) and the metric to maximise. */
function GridOptions({ step, onStep, metric, onMetric, aucAllowed }: TuneInputProps) {
  const { t } = useI18n();
  return (
    <div className="flex flex-wrap items-end gap-4">
      <label className="flex flex-col gap-1 text-sm">
        <span className={optionLabel}>{t("tune.step")}</span>
        <select
          data-testid="tune-step"
          value={step}
          onChange={(e) => onStep(Number(e.target.value))}
          className={selectClass}
        >
          {STEPS.map((s) => (
            <option key={s} value={s}>
              {t("tune.step.option", { step: s, points: simplexSize(simplexDivisions(s)) })}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span className={optionLabel}>{t("tune.metric")}</span>
        <select
          data-testid="tune-metric"
          value={metric}
          onChange={(e) => onMetric(e.target.value as TuneMetric)}
          className={selectClass}
        >
          {TUNE_METRICS.map((m) => (
            <option key={m} value={m} disabled={m === "auc" && !aucAllowed}>
              {t(`tune.metric.${m}`)}
              {m === "auc" && !aucAllowed ? ` — ${t("tune.metric.aucDisabled")}` : ""}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
