"use client";

import { Button } from "@/components/ui/button";
import type { MessageKey } from "@/lib/i18n";
import { cn } from "@/lib/ui/cn";
import type { Progress } from "@/lib/ui/request/http";
import { useElapsedMs } from "@/lib/ui/use-elapsed";
import { useEscape } from "@/lib/ui/use-escape";
import { useI18n } from "./i18n-provider";

export type StageLabels = Readonly<Record<string, MessageKey>>;

const STAGE_KEYS: StageLabels = {
  encode: "progress.encode",
  score: "progress.score",
  search: "progress.search",
};

/**
 * A determinate progress bar for a streamed request: the stage in words, done / total, and the elapsed seconds.
 * Before the first progress line it shows an indeterminate bar ("Sending…"). With `onCancel`, a Cancel button (and
 * Escape) stops the run. `stageLabels` words a page's own stages (or its own counting of the shared ones).
 */
export function ProgressBar({
  progress,
  startedAt,
  onCancel,
  stageLabels,
  className,
}: {
  progress: Progress | null;
  startedAt: number;
  onCancel?: () => void;
  stageLabels?: StageLabels;
  className?: string;
}) {
  const { t } = useI18n();
  const elapsedMs = useElapsedMs(startedAt, 250);
  const fraction = progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : null;
  const key = progress ? (stageLabels?.[progress.stage] ?? STAGE_KEYS[progress.stage]) : undefined;
  const label = progress && key ? t(key, { done: progress.done, total: progress.total }) : t("progress.sending");
  return (
    <div data-testid="progress" role="status" aria-live="polite" className={cn("flex flex-col gap-1.5", className)}>
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span data-testid="progress-label" className="font-medium text-indigo-800">
          {label}
        </span>
        <span className="ml-auto flex items-center gap-3">
          {Number.isFinite(elapsedMs) && (
            <span data-testid="elapsed" className="text-xs text-slate-500 tabular-nums">
              {t("progress.elapsed", { s: (Math.max(0, elapsedMs) / 1000).toFixed(1) })}
            </span>
          )}
          {onCancel && <CancelButton onCancel={onCancel} />}
        </span>
      </div>
      <ProgressTrack
        fraction={fraction}
        role="progressbar"
        aria-label={t("progress.label")}
        aria-valuemin={0}
        aria-valuemax={progress?.total ?? 100}
        aria-valuenow={progress?.done}
        data-stage={progress?.stage ?? ""}
        data-done={progress?.done ?? ""}
        data-total={progress?.total ?? ""}
        className="h-2"
      />
    </div>
  );
}

/** Cancel, also on Escape anywhere on the page. */
function CancelButton({ onCancel }: { onCancel: () => void }) {
  const { t } = useI18n();
  useEscape(onCancel);
  return (
    <Button data-testid="cancel" variant="secondary" size="sm" aria-label={t("progress.cancelName")} onClick={onCancel}>
      {t("progress.cancel")}
    </Button>
  );
}

/** The bar itself: filled to `fraction`, or a sliding indeterminate segment while it is null. */
export function ProgressTrack({
  fraction,
  className,
  ...props
}: { fraction: number | null } & React.ComponentProps<"div">) {
  return (
    <div className={cn("relative w-full overflow-hidden rounded-full bg-indigo-100", className)} {...props}>
      {fraction === null ? (
        <span className="absolute inset-y-0 w-1/3 animate-indeterminate rounded-full bg-indigo-500" />
      ) : (
        <span
          className="absolute inset-y-0 left-0 rounded-full bg-indigo-500 transition-[width] duration-150"
          style={{ width: `${fraction * 100}%` }}
        />
      )}
    </div>
  );
}
