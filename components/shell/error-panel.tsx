"use client";

import { Button } from "@/components/ui/button";
import { errorWords, type Words } from "@/lib/ui/error-words";
import type { RequestError } from "@/lib/ui/request/request-error";
import { useI18n } from "./i18n-provider";

/**
 * What went wrong, in plain words: the input at fault (counted from 1), what is wrong with it, and a retry only when
 * the same request can work next time. A message the page does not know is shown as the server sent it; under a detail,
 * the message as written, labelled as the server's, or as the page's for an answer the page could not read.
 */
export function ErrorPanel({
  error,
  onRetry,
  keptPrevious = false,
}: {
  error: RequestError;
  onRetry: () => void;
  /** Results of an earlier run stay on screen below. */
  keptPrevious?: boolean;
}) {
  const { t } = useI18n();
  const copy = errorWords(error);
  const say = (w: Words) => t(w.key, w.vars);
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
          {copy.field && (
            <strong data-testid="error-field" className="font-semibold">
              {t("error.in", { field: say(copy.field) })}{" "}
            </strong>
          )}
          {copy.detail ? say(copy.detail) : error.message}
        </p>
        {copy.detail && (
          <p data-testid="error-server" lang="en" className="text-xs break-words text-slate-600">
            {t(error.type === "bad_response" ? "error.page" : "error.server")} {error.message}
          </p>
        )}
        <p className="text-sm text-slate-600">{t(copy.hint)}</p>
        {keptPrevious && <p className="text-sm text-slate-600">{t("error.kept")}</p>}
        <p className="font-mono text-xs text-slate-600">
          {error.status !== null ? `HTTP ${error.status} · ` : ""}
          {error.type}
        </p>
      </div>
      {copy.retry && (
        <Button data-testid="error-retry" variant="secondary" onClick={onRetry} className="self-start">
          ↻ {t("error.retry")}
        </Button>
      )}
    </div>
  );
}
