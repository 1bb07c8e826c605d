"use client";

import { useI18n } from "@/components/shell/i18n-provider";
import { ProgressTrack } from "@/components/shell/progress-bar";
import { EmptyState } from "@/components/shell/run-status";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/ui/cn";
import { formatClock } from "@/lib/ui/format";
import { useElapsedMs } from "@/lib/ui/use-elapsed";
import { useEscape } from "@/lib/ui/use-escape";
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
      <ProgressTrack fraction={null} className="h-1" />
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
  const seconds = Math.floor(useElapsedMs(startedAt, 500) / 1000);
  useEscape(onCancel);
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
      <EmptyState data-testid="cancelled" role="status" className="text-slate-600">
        {text}
      </EmptyState>
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

/** Shown before the first comparison (only if the automatic first run is turned off or the texts were cleared). */
export function EmptyPanel() {
  const { t } = useI18n();
  return (
    <EmptyState>
      <h2 className="text-lg font-semibold text-slate-800">{t("state.emptyTitle")}</h2>
      <p className="mt-1">{t("state.emptyBody")}</p>
    </EmptyState>
  );
}
