import { useI18n } from "@/components/i18n-provider";
import { formatScore } from "@/lib/ui/format";

export interface TooltipInfo {
  /** Viewport coordinates of the anchor's top-centre and its height. */
  x: number;
  y: number;
  h: number;
  rowLabel: string;
  colLabel: string;
  value: number;
  rowBest: boolean;
  /** Set when the anchor is an aggregated block. */
  block?: { r0: number; r1: number; c0: number; c1: number };
}

/** The floating label of a heatmap cell: both tokens and the value. Fixed-positioned, so scrolling never clips it. */
export function HeatmapTooltip({ info }: { info: TooltipInfo }) {
  const { t } = useI18n();
  const below = info.y < 110;
  const x = Math.min(Math.max(info.x, 140), (typeof window === "undefined" ? 1024 : window.innerWidth) - 140);
  return (
    <div
      role="tooltip"
      data-testid="heatmap-tooltip"
      className="pointer-events-none fixed z-50 w-max max-w-[16rem] rounded-xl bg-slate-900/95 px-3 py-2 text-xs text-slate-200 shadow-xl ring-1 ring-white/10"
      style={{
        left: x,
        top: below ? info.y + info.h + 8 : info.y - 8,
        transform: below ? "translateX(-50%)" : "translate(-50%, -100%)",
      }}
    >
      {info.block && (
        <div className="mb-1 text-[10px] text-slate-400">
          {t("heatmap.block", { r0: info.block.r0, r1: info.block.r1, c0: info.block.c0, c1: info.block.c1 })}
        </div>
      )}
      <div className="flex items-center gap-1.5 text-sm text-white">
        <span className="rounded bg-white/10 px-1.5 py-0.5 font-medium" data-side="a">
          {info.rowLabel}
        </span>
        <span className="text-slate-400">×</span>
        <span className="rounded bg-white/10 px-1.5 py-0.5 font-medium" data-side="b">
          {info.colLabel}
        </span>
      </div>
      <div className="mt-1 flex items-center gap-2">
        <span>
          {t("heatmap.value")} <span className="font-semibold text-white tabular-nums">{formatScore(info.value)}</span>
        </span>
        {info.rowBest && <span className="text-amber-300">● {t("heatmap.rowBest")}</span>}
      </div>
    </div>
  );
}
