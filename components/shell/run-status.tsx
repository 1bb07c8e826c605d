"use client";

import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/ui/cn";
import type { RequestState } from "@/lib/ui/request/use-request";
import { ErrorPanel } from "./error-panel";
import { ProgressBar } from "./progress-bar";

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

/** A request's state above its results: what to do before the first run, its progress, or what went wrong. */
export function RunStatus<B, T>({
  state,
  empty,
  onRetry,
}: {
  state: RequestState<B, T>;
  empty: ReactNode;
  onRetry: (body: B) => void;
}) {
  if (state.status === "idle") return <EmptyState>{empty}</EmptyState>;
  if (state.status === "loading") return <ProgressBar progress={state.progress} startedAt={state.startedAt} />;
  if (state.status === "error")
    return (
      <ErrorPanel error={state.error} onRetry={() => onRetry(state.body)} keptPrevious={state.previous !== null} />
    );
  return null;
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
