"use client";

import { useId, useState } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import type { Mode } from "@/components/shell/modes";
import { HTML_LANGS, translate } from "@/lib/i18n";
import { type Band, type BandThresholds, bandOf, checkThresholds, DEFAULT_THRESHOLDS } from "@/lib/m3/bands";
import { cn } from "@/lib/ui/cn";

const BAND_STYLE: Record<Band, { pill: string; seg: string }> = {
  same: { pill: "bg-emerald-100 text-emerald-800 ring-emerald-200", seg: "bg-emerald-400" },
  related: { pill: "bg-sky-100 text-sky-800 ring-sky-200", seg: "bg-sky-400" },
  weak: { pill: "bg-amber-100 text-amber-800 ring-amber-200", seg: "bg-amber-300" },
  unrelated: { pill: "bg-slate-100 text-slate-700 ring-slate-200", seg: "bg-slate-300" },
};

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export interface BandPanelProps {
  score: number | null;
  mode: Mode;
  thresholds: BandThresholds;
  onThresholds: (t: BandThresholds) => void;
  /** True when the sparse score is raw (unbounded), which makes a band on it a rough guide. */
  rawSparse?: boolean;
}

/** The selected score in plain words (both languages), a 0–1 scale with the thresholds, and their editor. */
export function BandPanel({ score, mode, thresholds, onThresholds, rawSparse = true }: BandPanelProps) {
  const { t, lang } = useI18n();
  const band = score === null ? null : bandOf(score, thresholds);
  const other = lang === "en" ? "zh" : "en";
  const segments: { band: Band; from: number; to: number }[] = [
    { band: "unrelated", from: 0, to: clamp01(thresholds.weak) },
    { band: "weak", from: clamp01(thresholds.weak), to: clamp01(thresholds.related) },
    { band: "related", from: clamp01(thresholds.related), to: clamp01(thresholds.same) },
    { band: "same", from: clamp01(thresholds.same), to: 1 },
  ];

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="text-xs font-semibold tracking-wider text-slate-500 uppercase">{t("band.label")}</span>
        <span
          data-testid="band"
          data-band={band ?? ""}
          className={cn(
            "rounded-full px-3 py-1 text-sm font-semibold ring-1",
            band ? BAND_STYLE[band].pill : "bg-slate-50 text-slate-500 ring-slate-200",
          )}
        >
          {band ? t(`band.${band}`) : t("score.unavailable")}
        </span>
        {band && (
          <span lang={HTML_LANGS[other]} className="text-sm text-slate-500">
            {translate(other, `band.${band}`)}
          </span>
        )}
      </div>

      <div role="img" aria-label={t("band.scale")} className="relative pt-1 pb-5">
        <div className="flex h-2 w-full overflow-hidden rounded-full">
          {segments.map((s) => (
            <span
              key={s.band}
              className={cn("h-full", BAND_STYLE[s.band].seg, band === s.band ? "opacity-100" : "opacity-35")}
              style={{ width: `${(s.to - s.from) * 100}%` }}
            />
          ))}
        </div>
        {score !== null && (
          <span
            aria-hidden="true"
            className="absolute top-0 size-4 -translate-x-1/2 rounded-full border-[3px] border-white bg-slate-900 shadow transition-[left] duration-200"
            style={{ left: `${clamp01(score) * 100}%` }}
          />
        )}
        {[0, thresholds.weak, thresholds.related, thresholds.same, 1].map((x, i) => (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: fixed five ticks
            key={i}
            aria-hidden="true"
            className={cn(
              "absolute top-4 text-[10px] text-slate-500 tabular-nums",
              i === 0 ? "" : i === 4 ? "-translate-x-full" : "-translate-x-1/2",
            )}
            style={{ left: `${clamp01(x) * 100}%` }}
          >
            {x.toFixed(2)}
          </span>
        ))}
      </div>

      {mode === "sparse" && rawSparse && <p className="text-xs text-amber-700">{t("band.sparseCaveat")}</p>}

      <ThresholdEditor thresholds={thresholds} onThresholds={onThresholds} />
    </div>
  );
}

const KEYS = ["same", "related", "weak"] as const;

function ThresholdEditor({ thresholds, onThresholds }: Omit<BandPanelProps, "score" | "mode">) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<Record<(typeof KEYS)[number], string>>(() => toDraft(thresholds));
  const check = checkThresholds(fromDraft(draft));
  const problem = check.ok ? null : check.problem;

  const edit = (key: (typeof KEYS)[number], value: string) => {
    const next = { ...draft, [key]: value };
    setDraft(next);
    const c = checkThresholds(fromDraft(next));
    if (c.ok) onThresholds(c.thresholds);
  };

  const bad = (key: (typeof KEYS)[number]) =>
    problem !== null &&
    (problem.kind === "not_finite" ? problem.threshold === key : problem.lower === key || problem.upper === key);

  return (
    <details className="group rounded-xl bg-slate-50 ring-1 ring-slate-200/70 open:bg-white">
      <summary className="flex cursor-pointer list-none items-center justify-between gap-2 rounded-xl px-3 py-2 text-sm font-medium text-slate-600 outline-none select-none hover:text-slate-900 focus-visible:ring-2 focus-visible:ring-indigo-500">
        {t("thresholds.edit")}
        <span aria-hidden="true" className="text-slate-500 transition-transform group-open:rotate-180">
          ⌄
        </span>
      </summary>
      <div className="flex flex-col gap-3 px-3 pt-1 pb-3">
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
          {KEYS.map((key) => (
            <label key={key} htmlFor={`${id}-${key}`} className="flex flex-col gap-1 text-xs text-slate-500">
              {t(`thresholds.${key}`)}
              <input
                id={`${id}-${key}`}
                data-testid={`threshold-${key}`}
                type="number"
                inputMode="decimal"
                step={0.01}
                value={draft[key]}
                onChange={(e) => edit(key, e.target.value)}
                aria-invalid={bad(key) || undefined}
                aria-describedby={problem ? `${id}-error` : undefined}
                className={cn(
                  "h-9 rounded-lg bg-white px-2.5 text-sm text-slate-900 tabular-nums ring-1 outline-none focus:ring-2",
                  bad(key) ? "ring-rose-400 focus:ring-rose-500" : "ring-slate-200 focus:ring-indigo-500",
                )}
              />
            </label>
          ))}
        </div>
        {problem && (
          <p id={`${id}-error`} role="alert" data-testid="threshold-error" className="text-xs text-rose-600">
            {t(`thresholds.${problem.kind}`)} {t("thresholds.kept")}
          </p>
        )}
        <button
          type="button"
          onClick={() => {
            setDraft(toDraft(DEFAULT_THRESHOLDS));
            onThresholds({ ...DEFAULT_THRESHOLDS });
          }}
          className="self-start rounded-md text-xs font-medium text-indigo-600 outline-none hover:text-indigo-800 focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          {t("thresholds.reset")}
        </button>
      </div>
    </details>
  );
}

function toDraft(t: BandThresholds): Record<(typeof KEYS)[number], string> {
  return { same: t.same.toFixed(2), related: t.related.toFixed(2), weak: t.weak.toFixed(2) };
}

/** Parses the three inputs; an empty input is NaN (Number("") would be 0), so it is reported, not used. */
function fromDraft(d: Record<(typeof KEYS)[number], string>): BandThresholds {
  const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));
  return { same: num(d.same), related: num(d.related), weak: num(d.weak) };
}
