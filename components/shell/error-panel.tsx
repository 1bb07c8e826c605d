"use client";

import { Button } from "@/components/ui/button";
import type { MessageKey } from "@/lib/i18n";
import type { RequestError } from "@/lib/ui/request/request-error";
import { useI18n } from "./i18n-provider";

/** The title and hint for an error: by its type first (network, odd answer, full queue), then by its status. */
function errorCopy(e: RequestError): { title: MessageKey; hint: MessageKey } {
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
export function ErrorPanel({ error, onRetry }: { error: RequestError; onRetry: () => void }) {
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
