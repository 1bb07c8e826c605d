import type { KeyboardEvent } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { MODE_STYLE, MODES, type Mode } from "@/components/shell/modes";
import { cn } from "@/lib/ui/cn";
import { formatScore } from "@/lib/ui/format";
import type { SparseScale } from "./sparse-scale";

export type ScoreSet = Record<Mode, number | null>;

export interface ScoreTilesProps {
  scores: ScoreSet;
  mode: Mode;
  onMode: (mode: Mode) => void;
  /** Sparse divided onto 0–1 gets a bar like the others; raw sparse is marked unbounded. */
  sparseScale?: SparseScale;
}

/**
 * All four scores side by side; each tile is also the radio that selects its mode.
 * Each value carries `data-value` with the full-precision number (empty when unavailable).
 */
export function ScoreTiles({ scores, mode, onMode, sparseScale = "raw" }: ScoreTilesProps) {
  const { t } = useI18n();

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step =
      e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = MODES[(MODES.indexOf(mode) + step + MODES.length) % MODES.length]!;
    onMode(next);
    e.currentTarget.querySelector<HTMLButtonElement>(`[data-mode="${next}"]`)?.focus();
  };

  return (
    <div
      role="radiogroup"
      aria-label={t("modes.label")}
      onKeyDown={onKeyDown}
      className="grid grid-cols-2 gap-2 sm:grid-cols-4"
    >
      {MODES.map((m) => {
        const v = scores[m];
        const selected = m === mode;
        const bounded = m !== "sparse" || sparseScale === "unit";
        return (
          // biome-ignore lint/a11y/useSemanticElements: a tile showing a score is a richer radio than <input type="radio">
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={selected}
            tabIndex={selected ? 0 : -1}
            data-mode={m}
            data-testid={`mode-${m}`}
            onClick={() => onMode(m)}
            className={cn(
              "flex min-w-0 flex-col gap-1.5 rounded-xl px-3 py-2.5 text-left ring-1 transition outline-none focus-visible:ring-2 focus-visible:ring-indigo-500",
              selected ? "bg-indigo-50/70 ring-indigo-300" : "bg-white ring-slate-200 hover:bg-slate-50",
            )}
          >
            <span className="flex items-center gap-1.5 text-xs font-semibold text-slate-600">
              <span aria-hidden="true" className={cn("size-2 rounded-full", MODE_STYLE[m].dot)} />
              {t(`mode.${m}`)}
              {m === "sparse" && sparseScale === "unit" && (
                <span className="font-normal text-slate-600">{t("sparseScale.tag")}</span>
              )}
            </span>
            <span
              data-testid={`score-${m}`}
              data-value={v === null ? "" : String(v)}
              className={cn(
                "text-xl font-semibold tracking-tight tabular-nums",
                selected ? "text-slate-900" : "text-slate-700",
              )}
            >
              {v === null ? t("score.unavailable") : formatScore(v)}
            </span>
            {bounded ? (
              <span aria-hidden="true" className="h-1 w-full overflow-hidden rounded-full bg-slate-100">
                <span
                  className={cn("block h-full rounded-full transition-[width] duration-200", MODE_STYLE[m].bar)}
                  style={{ width: `${Math.round(Math.min(1, Math.max(0, v ?? 0)) * 100)}%` }}
                />
              </span>
            ) : (
              <span className="text-[11px] leading-none text-amber-700">{t("score.unbounded")}</span>
            )}
          </button>
        );
      })}
    </div>
  );
}

/** The selected mode's score, large; `describedBy` names what qualifies it (e.g. the truncation warning). */
export function HeroScore({ mode, value, describedBy }: { mode: Mode; value: number | null; describedBy?: string }) {
  const { t } = useI18n();
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <span className="flex items-center gap-2 text-xs font-semibold tracking-wider text-slate-500 uppercase">
        <span aria-hidden="true" className={cn("size-2 rounded-full", MODE_STYLE[mode].dot)} />
        {t("score.selected", { mode: t(`mode.${mode}`) })}
      </span>
      <output
        data-testid="score-selected"
        data-value={value === null ? "" : String(value)}
        aria-live="polite"
        aria-describedby={describedBy}
        className="text-6xl leading-none font-semibold tracking-tight text-slate-900 tabular-nums sm:text-7xl"
      >
        {value === null ? t("score.unavailable") : formatScore(value)}
      </output>
      <p className="mt-2 max-w-prose text-sm text-slate-500">{t(`mode.${mode}.what`)}</p>
    </div>
  );
}
