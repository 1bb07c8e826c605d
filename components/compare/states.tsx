"use client";

import { useEffect, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import type { MessageKey } from "@/lib/i18n";
import { cn } from "@/lib/ui/cn";
import { formatClock } from "@/lib/ui/format";
import type { SimilarityError } from "@/lib/ui/similarity-client";
import { roughTime } from "./pair-forecast";
import { Spinner } from "./text-inputs";

/** A comparison in flight: when it started (performance.now()), its rough expected duration, and how to cancel it. */
export interface RunningProps {
  startedAt: number;
  /** Shown as "00:07 of about 40 s"; null when the pair is short or the speed is not known yet. */
  estimateMs: number | null;
  onCancel: () => void;
}

/** Skeleton of the results while the first comparison runs, with the running clock and Cancel. */
export function LoadingPanel(props: RunningProps) {
  const { t } = useI18n();
  return (
    <div data-testid="loading" role="status" className="flex flex-col gap-4">
      <div className="flex min-h-8 flex-wrap items-center gap-x-2 gap-y-1 text-sm font-medium text-indigo-700">
        <Spinner />
        {t("state.loading")}
        <RunClock {...props} className="font-normal text-slate-500" />
      </div>
      <div className="grid gap-4 lg:grid-cols-[1.15fr_1fr]">
        <div className="flex flex-col gap-4 rounded-2xl bg-white p-6 ring-1 ring-slate-200/80">
          <div className="h-3 w-32 animate-pulse rounded bg-slate-200" />
          <div className="h-16 w-56 animate-pulse rounded-lg bg-slate-200" />
          <div className="h-2 w-full animate-pulse rounded-full bg-slate-100" />
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
            {[0, 1, 2, 3].map((i) => (
              <div key={i} className="h-20 animate-pulse rounded-xl bg-slate-100" />
            ))}
          </div>
        </div>
        <div className="flex flex-col gap-4 rounded-2xl bg-white p-6 ring-1 ring-slate-200/80">
          {[0, 1, 2].map((i) => (
            <div key={i} className="flex flex-col gap-2">
              <div className="h-3 w-24 animate-pulse rounded bg-slate-200" />
              <div className="h-2 w-full animate-pulse rounded-full bg-slate-100" />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

/** A thin indeterminate bar over results that are being replaced, with the running clock and Cancel. */
export function RefreshingBar(props: RunningProps) {
  const { t } = useI18n();
  return (
    <div data-testid="loading" role="status" className="flex flex-col gap-1.5">
      <div className="relative h-1 w-full overflow-hidden rounded-full bg-indigo-100">
        <span className="absolute inset-y-0 w-1/3 animate-indeterminate rounded-full bg-indigo-500" />
      </div>
      <div className="flex min-h-8 flex-wrap items-center gap-x-2 gap-y-1 text-xs text-indigo-700">
        {t("state.loading")}
        <RunClock {...props} className="text-slate-500" />
      </div>
    </div>
  );
}

/**
 * "00:07 elapsed" (or "00:07 of about 40 s"), ticking, then a Cancel button; Escape cancels too. The clock is
 * aria-hidden: a screen reader hears the state once, not every second.
 */
function RunClock({ startedAt, estimateMs, onCancel, className }: RunningProps & { className?: string }) {
  const { t } = useI18n();
  const seconds = useElapsedSeconds(startedAt);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onCancel();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onCancel]);
  const clock = formatClock(seconds);
  return (
    <>
      <span data-testid="elapsed" aria-hidden="true" className={cn("tabular-nums", className)}>
        {estimateMs === null
          ? t("state.elapsed", { clock })
          : t("state.elapsedOf", { clock, time: roughTime(t, estimateMs) })}
      </span>
      {estimateMs === null && seconds >= 2 && <span className={className}>{t("state.slow")}</span>}
      <Button
        data-testid="cancel"
        variant="secondary"
        size="sm"
        aria-label={t("state.cancelName")}
        onClick={onCancel}
        className="ml-auto"
      >
        {t("state.cancel")}
      </Button>
    </>
  );
}

/** Whole seconds since `startedAt` (a performance.now() time), ticking twice a second; NaN while it is NaN. */
function useElapsedSeconds(startedAt: number): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const id = setInterval(() => setNow(performance.now()), 500);
    return () => clearInterval(id);
  }, []);
  return Math.floor((now - startedAt) / 1000);
}

/**
 * After Cancel: how long the run went, and whether the results on screen are the previous comparison's. Over kept
 * results it takes the refreshing bar's place at the same height, its bar stopped.
 */
export function CancelledNote({ elapsedMs, keptPrevious }: { elapsedMs: number; keptPrevious: boolean }) {
  const { t } = useI18n();
  const text = (
    <>
      <strong className="font-semibold text-slate-800">
        {t("state.cancelled", { clock: formatClock(elapsedMs / 1000) })}
      </strong>{" "}
      {t(keptPrevious ? "state.cancelledPrevious" : "state.cancelledNone")}
    </>
  );
  if (!keptPrevious)
    return (
      <div
        data-testid="cancelled"
        role="status"
        className="rounded-2xl border border-dashed border-slate-300 bg-white/60 p-10 text-center text-sm text-slate-600"
      >
        {text}
      </div>
    );
  return (
    <div data-testid="cancelled" role="status" className="flex flex-col gap-1.5">
      <div aria-hidden="true" className="h-1 w-full rounded-full bg-slate-200" />
      <p className="flex min-h-8 items-center text-xs text-slate-600">
        <span>{text}</span>
      </p>
    </div>
  );
}

function errorCopy(e: SimilarityError): { title: MessageKey; hint: MessageKey } {
  if (e.type === "network") return { title: "error.network", hint: "error.hint.network" };
  if (e.type === "bad_response") return { title: "error.bad_response", hint: "error.hint.retry" };
  if (e.type === "queue_full") return { title: "error.busy", hint: "error.hint.retry" };
  switch (e.status) {
    case 413:
      return { title: "error.413", hint: "error.hint.input" };
    case 415:
      return { title: "error.415", hint: "error.hint.retry" };
    case 429:
      return { title: "error.busy", hint: "error.hint.retry" };
    case 503:
      return { title: "error.503", hint: "error.hint.retry" };
  }
  if (e.status !== null && e.status >= 400 && e.status < 500) return { title: "error.400", hint: "error.hint.input" };
  return { title: "error.500", hint: "error.hint.retry" };
}

/** What went wrong, in words, with the server's own message, the field it blamed and a retry. */
export function ErrorPanel({ error, onRetry }: { error: SimilarityError; onRetry: () => void }) {
  const { t } = useI18n();
  const copy = errorCopy(error);
  return (
    <div
      data-testid="error"
      data-status={error.status ?? ""}
      data-type={error.type}
      role="alert"
      className="flex flex-col gap-4 rounded-2xl bg-white p-6 ring-1 ring-rose-200 sm:flex-row sm:items-start"
    >
      <span
        aria-hidden="true"
        className="flex size-11 shrink-0 items-center justify-center rounded-full bg-rose-50 text-rose-600 ring-1 ring-rose-100"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          className="size-5"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
        >
          <path d="M12 8v5m0 3.5v.01M10.3 3.9 2.6 17.2A2 2 0 0 0 4.3 20h15.4a2 2 0 0 0 1.7-2.8L13.7 3.9a2 2 0 0 0-3.4 0Z" />
        </svg>
      </span>
      <div className="flex min-w-0 flex-1 flex-col gap-1.5">
        <h2 data-testid="error-title" className="text-lg font-semibold text-slate-900">
          {t(copy.title)}
        </h2>
        <p data-testid="error-message" className="text-sm break-words text-slate-700">
          {error.message}
          {error.field && <span className="text-slate-500"> · {t("error.field", { field: error.field })}</span>}
        </p>
        <p className="text-sm text-slate-500">{t(copy.hint)}</p>
        <p className="font-mono text-xs text-slate-400">
          {error.status !== null ? `HTTP ${error.status} · ` : ""}
          {error.type}
        </p>
      </div>
      <Button data-testid="error-retry" variant="secondary" onClick={onRetry} className="self-start">
        ↻ {t("error.retry")}
      </Button>
    </div>
  );
}

/** Shown before the first comparison (only if the automatic first run is turned off or the texts were cleared). */
export function EmptyPanel() {
  const { t } = useI18n();
  return (
    <div className="rounded-2xl border border-dashed border-slate-300 bg-white/60 p-10 text-center">
      <h2 className="text-lg font-semibold text-slate-800">{t("state.emptyTitle")}</h2>
      <p className="mt-1 text-sm text-slate-500">{t("state.emptyBody")}</p>
    </div>
  );
}
