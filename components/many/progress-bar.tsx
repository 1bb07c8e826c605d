"use client";

import { useEffect, useState } from "react";
import { cn } from "@/lib/ui/cn";
import { type ManyKey, useManyT } from "./messages";
import type { Progress } from "./stream-client";

const STAGE_KEYS: Record<string, ManyKey> = {
  encode: "progress.encode",
  score: "progress.score",
  search: "progress.search",
};

/**
 * A determinate progress bar for a streamed request: the stage in words, done / total, and the elapsed seconds.
 * Before the first progress line it shows an indeterminate bar ("Sending…").
 */
export function ProgressBar({
  progress,
  startedAt,
  className,
}: {
  progress: Progress | null;
  startedAt: number;
  className?: string;
}) {
  const t = useManyT();
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const id = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(id);
  }, []);
  const seconds = Math.max(0, (now - startedAt) / 1000);
  const fraction = progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : null;
  const key = progress ? STAGE_KEYS[progress.stage] : undefined;
  const label = progress && key ? t(key, { done: progress.done, total: progress.total }) : t("progress.sending");
  return (
    <div data-testid="progress" role="status" aria-live="polite" className={cn("flex flex-col gap-1.5", className)}>
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span data-testid="progress-label" className="font-medium text-indigo-800">
          {label}
        </span>
        <span className="text-xs text-slate-500 tabular-nums">{t("progress.elapsed", { s: seconds.toFixed(1) })}</span>
      </div>
      <div
        role="progressbar"
        aria-label={t("progress.label")}
        aria-valuemin={0}
        aria-valuemax={progress?.total ?? 100}
        aria-valuenow={progress?.done}
        data-stage={progress?.stage ?? ""}
        data-done={progress?.done ?? ""}
        data-total={progress?.total ?? ""}
        className="relative h-2 w-full overflow-hidden rounded-full bg-indigo-100"
      >
        {fraction === null ? (
          <span className="absolute inset-y-0 w-1/3 animate-indeterminate rounded-full bg-indigo-500" />
        ) : (
          <span
            className="absolute inset-y-0 left-0 rounded-full bg-indigo-500 transition-[width] duration-150"
            style={{ width: `${fraction * 100}%` }}
          />
        )}
      </div>
    </div>
  );
}
