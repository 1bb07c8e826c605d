"use client";

import { useEffect, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import type { MessageKey } from "@/lib/i18n";
import type { SimilarityError } from "@/lib/ui/similarity-client";
import { Spinner } from "./text-inputs";

/** Skeleton of the results while the first comparison runs, with elapsed seconds once it takes a while. */
export function LoadingPanel({ startedAt }: { startedAt: number }) {
  const { t } = useI18n();
  const seconds = useElapsedSeconds(startedAt);
  return (
    <div data-testid="loading" role="status" aria-live="polite" className="flex flex-col gap-4">
      <div className="flex items-center gap-2 text-sm font-medium text-indigo-700">
        <Spinner />
        {t("state.loading")}
        {seconds >= 2 && <span className="font-normal text-slate-500">{t("state.slow", { s: seconds })}</span>}
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

/** A thin indeterminate bar over results that are being replaced, plus the elapsed time on slow runs. */
export function RefreshingBar({ startedAt }: { startedAt: number }) {
  const { t } = useI18n();
  const seconds = useElapsedSeconds(startedAt);
  return (
    <div data-testid="loading" role="status" aria-live="polite" className="flex flex-col gap-1.5">
      <div className="relative h-1 w-full overflow-hidden rounded-full bg-indigo-100">
        <span className="absolute inset-y-0 w-1/3 animate-indeterminate rounded-full bg-indigo-500" />
      </div>
      <span className="text-xs text-indigo-700">
        {t("state.loading")} {seconds >= 2 && t("state.slow", { s: seconds })}
      </span>
    </div>
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

function errorCopy(e: SimilarityError): { title: MessageKey; hint: MessageKey } {
  if (e.type === "network") return { title: "error.network", hint: "error.hint.network" };
  if (e.type === "bad_response") return { title: "error.bad_response", hint: "error.hint.retry" };
  switch (e.status) {
    case 413:
      return { title: "error.413", hint: "error.hint.input" };
    case 415:
      return { title: "error.415", hint: "error.hint.retry" };
    case 429:
      return { title: "error.429", hint: "error.hint.retry" };
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
