import type { ReactNode } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { cn } from "@/lib/ui/cn";
import { formatScore } from "@/lib/ui/format";
import { heatGradientCss } from "@/lib/ui/heatmap";

/** The colour scale from `min` to `max`, followed by whatever notes the page adds (marks, keys). */
export function HeatmapLegend({
  min,
  max,
  digits = 2,
  className,
  children,
}: {
  min: number;
  max: number;
  digits?: number;
  className?: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className={cn("flex flex-wrap items-center gap-x-5 gap-y-2 text-xs text-slate-500", className)}>
      <span className="flex items-center gap-2">
        <span className="tabular-nums" data-testid="heatmap-min">
          {formatScore(min, digits)}
        </span>
        <span aria-hidden="true" className="h-2 w-28 rounded-full" style={{ background: heatGradientCss() }} />
        <span className="tabular-nums" data-testid="heatmap-max">
          {formatScore(max, digits)}
        </span>
        <span className="sr-only">
          {t("heatmap.low")} → {t("heatmap.high")}
        </span>
      </span>
      {children}
    </div>
  );
}

/** The legend's entry for the row-best dot. */
export function RowBestKey({ label }: { label: string }) {
  return (
    <span className="flex items-center gap-1.5">
      <span aria-hidden="true" className="size-2 rounded-full bg-white shadow-[0_0_0_2px_rgb(245_158_11)]" />
      {label}
    </span>
  );
}
