"use client";

import type { ReactNode } from "react";
import { FILE_BUTTON_CLASS, FilePicker, type useFileDrop, useTextFileOpener } from "@/components/shell/file-drop";
import { useI18n } from "@/components/shell/i18n-provider";
import { SampleButtons } from "@/components/shell/sample-buttons";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { COVERAGE_DEFAULT_CHUNK_TOKENS, COVERAGE_DEFAULT_OVERLAP_TOKENS } from "@/lib/api/coverage-contract";
import { cn } from "@/lib/ui/cn";
import type { Words } from "@/lib/ui/error-words";
import { COVERAGE_SAMPLES, type CoverageSample } from "./samples";

/** What the user typed: the texts, and the chunk and overlap fields as text (they may be mid-edit). */
export interface CoverageDraft {
  document: string;
  summary: string;
  chunk: string;
  overlap: string;
}

export interface CoverageInputProps {
  draft: CoverageDraft;
  onDraft: (draft: CoverageDraft) => void;
  /** Why the draft cannot be sent yet, or null. */
  problem: Words | null;
  /** The field the server blamed in its last error, to mark it. */
  blamed: string | null;
  onRun: () => void;
  onSample: (sample: CoverageSample) => void;
  busy: boolean;
}

const PROBLEM_ID = "coverage-problem";
const FILE_ACCEPT = ".txt,.md,.markdown,text/plain,text/markdown";
const isTextFile = (f: File) =>
  /\.(txt|md|markdown)$/i.test(f.name) || f.type === "text/plain" || f.type === "text/markdown";

const fieldClass =
  "w-full rounded-xl bg-slate-50/60 px-3.5 py-3 text-[15px] leading-relaxed text-slate-900 ring-1 ring-slate-200 outline-none placeholder:text-slate-500 focus:bg-white focus:ring-2 focus:ring-indigo-500 aria-invalid:ring-rose-400";

/** The document (typed, dropped or opened), the summary, the passage size and overlap, the samples and Run. */
export function CoverageInput({ draft, onDraft, problem, blamed, onRun, onSample, busy }: CoverageInputProps) {
  const { t } = useI18n();
  const set = (patch: Partial<CoverageDraft>) => onDraft({ ...draft, ...patch });
  const file = useTextFileOpener(
    (document) => set({ document }),
    (f) => (isTextFile(f) ? null : t("coverage.document.notText")),
  );
  const { drop } = file;
  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && !problem) onRun();
  };

  return (
    <Card>
      <CardContent className="flex flex-col gap-5">
        <SampleButtons
          testIdPrefix="coverage-sample"
          samples={COVERAGE_SAMPLES.map((s) => ({ id: s.id, label: t(`coverage.sample.${s.id}`) }))}
          onPick={(id) => {
            file.clear();
            onSample(COVERAGE_SAMPLES.find((s) => s.id === id)!);
          }}
        />
        <div className="grid min-w-0 gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <TextBox
            id="coverage-document"
            label={t("coverage.document.label")}
            value={draft.document}
            onValue={(document) => {
              file.clear();
              set({ document });
            }}
            onKeyDown={onKeyDown}
            rows={12}
            placeholder={t("coverage.document.placeholder")}
            invalid={blamed === "document"}
            className={cn("min-h-48", drop.over && "ring-2 ring-indigo-500")}
            dropHandlers={drop.handlers}
            help={
              <>
                <FilePicker
                  accept={FILE_ACCEPT}
                  testId="coverage-file"
                  onFile={(f) => void file.open(f)}
                  className={FILE_BUTTON_CLASS}
                >
                  ⤒ {t("coverage.document.open")}
                </FilePicker>
                <span className="text-slate-500">{t("coverage.document.drop")}</span>
                {file.problem && (
                  <span role="alert" data-testid="coverage-file-problem" className="text-rose-600">
                    {file.problem}
                  </span>
                )}
              </>
            }
          />
          <div className="flex min-w-0 flex-col gap-4">
            <TextBox
              id="coverage-summary"
              label={t("coverage.summary.label")}
              value={draft.summary}
              onValue={(summary) => set({ summary })}
              onKeyDown={onKeyDown}
              rows={6}
              placeholder={t("coverage.summary.placeholder")}
              invalid={blamed === "summary"}
              className="min-h-32"
            />
            <div className="flex flex-wrap items-end gap-4">
              <TokenField
                id="coverage-chunk"
                label={t("coverage.chunk")}
                value={draft.chunk}
                invalid={blamed === "chunk_tokens" || problem?.key === "coverage.problem.chunk"}
                onValue={(chunk) => set({ chunk })}
              />
              <TokenField
                id="coverage-overlap"
                label={t("coverage.overlap")}
                value={draft.overlap}
                invalid={blamed === "overlap_tokens" || problem?.key === "coverage.problem.overlap"}
                onValue={(overlap) => set({ overlap })}
              />
              <Button
                size="sm"
                variant="ghost"
                data-testid="coverage-chunk-default"
                className="self-end"
                onClick={() =>
                  set({
                    chunk: String(COVERAGE_DEFAULT_CHUNK_TOKENS),
                    overlap: String(COVERAGE_DEFAULT_OVERLAP_TOKENS),
                  })
                }
              >
                {t("coverage.chunk.default", {
                  chunk: COVERAGE_DEFAULT_CHUNK_TOKENS,
                  overlap: COVERAGE_DEFAULT_OVERLAP_TOKENS,
                })}
              </Button>
            </div>
            <p className="text-xs text-slate-500">{t("coverage.chunk.help")}</p>
          </div>
        </div>
        <div className="flex flex-wrap items-center justify-end gap-x-4 gap-y-2">
          <p
            id={PROBLEM_ID}
            data-testid="coverage-problem"
            role={problem ? "alert" : undefined}
            className="mr-auto min-h-5 text-sm text-amber-800"
          >
            {problem ? t(problem.key, problem.vars) : null}
          </p>
          <span className="hidden text-xs text-slate-500 sm:inline">{t("compare.shortcut")}</span>
          <Button
            data-testid="coverage-run"
            size="lg"
            disabled={problem !== null}
            aria-busy={busy}
            aria-describedby={problem ? PROBLEM_ID : undefined}
            onClick={onRun}
          >
            {busy ? t("coverage.busy") : t("coverage.run")}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}

/** A whole number of tokens, typed as text so a half-typed value stays on screen. */
function TokenField(props: {
  id: string;
  label: string;
  value: string;
  invalid: boolean;
  onValue: (v: string) => void;
}) {
  return (
    <label htmlFor={props.id} className="flex flex-col gap-1 text-sm">
      <span className="text-xs font-semibold tracking-wider text-slate-500 uppercase">{props.label}</span>
      <input
        id={props.id}
        data-testid={props.id}
        type="number"
        inputMode="numeric"
        min={0}
        step={1}
        value={props.value}
        aria-invalid={props.invalid || undefined}
        onChange={(e) => props.onValue(e.target.value)}
        className="w-28 rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm tabular-nums outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 aria-invalid:border-rose-400"
      />
    </label>
  );
}

/** A labelled text box with its character count, and a line of help under it (which it is described by). */
function TextBox(props: {
  /** Element id and test id. */
  id: string;
  label: string;
  value: string;
  onValue: (v: string) => void;
  onKeyDown: (e: React.KeyboardEvent) => void;
  rows: number;
  placeholder: string;
  invalid: boolean;
  className?: string;
  dropHandlers?: ReturnType<typeof useFileDrop>["handlers"];
  help?: ReactNode;
}) {
  const { t } = useI18n();
  const helpId = `${props.id}-help`;
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <label htmlFor={props.id} className="font-semibold text-slate-800">
          {props.label}
        </label>
        <span className="text-xs text-slate-500 tabular-nums">{t("input.chars", { n: props.value.length })}</span>
      </div>
      <textarea
        id={props.id}
        data-testid={props.id}
        value={props.value}
        onChange={(e) => props.onValue(e.target.value)}
        onKeyDown={props.onKeyDown}
        {...props.dropHandlers}
        rows={props.rows}
        spellCheck={false}
        placeholder={props.placeholder}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.help ? helpId : undefined}
        className={cn(fieldClass, "resize-y", props.className)}
      />
      {props.help && (
        <div id={helpId} className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
          {props.help}
        </div>
      )}
    </div>
  );
}
