"use client";

import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/ui/cn";
import type { RequestState } from "@/lib/ui/request/use-request";
import { ErrorPanel } from "./error-panel";
import { useI18n } from "./i18n-provider";
import { ProgressBar, type StageLabels } from "./progress-bar";

/** The dashed placeholder where results will appear. */
export function EmptyState({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      className={cn(
        "rounded-2xl border border-dashed border-slate-300 bg-white/60 p-10 text-center text-sm text-slate-500",
        className,
      )}
      {...props}
    />
  );
}

/**
 * A request's state above its results: what to do before the first run, its progress (with Cancel when the page
 * passes `onCancel`), what went wrong, or how long a cancelled run went.
 */
export function RunStatus<B, T>({
  state,
  empty,
  onRetry,
  onCancel,
  stageLabels,
}: {
  state: RequestState<B, T>;
  empty: ReactNode;
  onRetry: (body: B) => void;
  onCancel?: () => void;
  stageLabels?: StageLabels;
}) {
  if (state.status === "idle") return <EmptyState>{empty}</EmptyState>;
  if (state.status === "loading")
    return (
      <ProgressBar
        progress={state.progress}
        startedAt={state.startedAt}
        onCancel={onCancel}
        stageLabels={stageLabels}
      />
    );
  if (state.status === "cancelled")
    return <CancelledNote elapsedMs={state.elapsedMs} keptPrevious={state.previous !== null} />;
  if (state.status === "error")
    return (
      <ErrorPanel error={state.error} onRetry={() => onRetry(state.body)} keptPrevious={state.previous !== null} />
    );
  return null;
}

function CancelledNote({ elapsedMs, keptPrevious }: { elapsedMs: number; keptPrevious: boolean }) {
  const { t } = useI18n();
  return (
    <p
      data-testid="cancelled"
      role="status"
      className="rounded-xl bg-slate-50 px-4 py-3 text-sm text-slate-600 ring-1 ring-slate-200"
    >
      <strong className="font-semibold text-slate-800">
        {t("progress.cancelled", { s: (Math.max(0, elapsedMs) / 1000).toFixed(1) })}
      </strong>{" "}
      {t(keptPrevious ? "progress.cancelledPrevious" : "progress.cancelledNone")}
    </p>
  );
}

/** The results on screen, dimmed and marked busy while newer ones load. */
export function ResultsPane({ busy, className, ...props }: { busy: boolean } & ComponentProps<"div">) {
  return (
    <div
      aria-busy={busy}
      className={cn("flex min-w-0 flex-col gap-6 transition-opacity", busy && "opacity-55", className)}
      {...props}
    />
  );
}
