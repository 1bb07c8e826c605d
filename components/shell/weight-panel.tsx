import { type CSSProperties, Fragment } from "react";
import { isValidWeights, normaliseWeights } from "@/lib/m3/hybrid";
import type { HybridWeights, ModeScores } from "@/lib/m3/types";
import { cn } from "@/lib/ui/cn";
import { formatPercent, formatScore } from "@/lib/ui/format";
import { matchesPreset, PRESETS } from "@/lib/ui/presets";
import { useI18n } from "./i18n-provider";
import { MODE_STYLE, WEIGHT_KEYS } from "./modes";

export interface WeightPanelProps {
  weights: HybridWeights;
  onWeights: (w: HybridWeights) => void;
  /** The three mode scores of the last comparison, for the contributions bar. */
  scores: ModeScores | null;
}

/** α/β/γ sliders (native range inputs: arrow keys work), effective weights, presets and the hybrid's formula. */
export function WeightPanel({ weights, onWeights, scores }: WeightPanelProps) {
  const { t } = useI18n();
  const valid = isValidWeights(weights);
  const eff = valid ? normaliseWeights(weights) : null;
  const active = PRESETS.find((p) => matchesPreset(weights, p));

  return (
    <div className="flex flex-col gap-5">
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-xs font-semibold tracking-wider text-slate-500 uppercase">
          {t("weights.presets")}
        </legend>
        <div className="flex flex-wrap gap-1.5">
          {PRESETS.map((p) => {
            const on = matchesPreset(weights, p);
            const { dense: d, sparse: s, colbert: c } = p.weights;
            return (
              <Fragment key={p.id}>
                <button
                  type="button"
                  data-testid={`preset-${p.id}`}
                  aria-pressed={on}
                  aria-describedby={`preset-${p.id}-what`}
                  onClick={() => onWeights({ ...p.weights })}
                  className={cn(
                    "rounded-full px-3 py-1 text-sm ring-1 transition outline-none focus-visible:ring-2 focus-visible:ring-indigo-500",
                    on
                      ? "bg-slate-900 text-white ring-slate-900"
                      : "bg-white text-slate-700 ring-slate-200 hover:bg-slate-50 hover:text-slate-900",
                  )}
                >
                  {t(`preset.${p.id}`)}
                  <span className="sr-only">{t("preset.weights", { d, s, c })}</span>
                  <span
                    aria-hidden="true"
                    className={cn("ml-1.5 text-xs tabular-nums", on ? "text-slate-300" : "text-slate-600")}
                  >
                    {d}/{s}/{c}
                  </span>
                </button>
                {/* Outside the button, so its name is only what it shows. */}
                <span id={`preset-${p.id}-what`} className="sr-only">
                  {t(`preset.${p.id}.what`)}
                </span>
              </Fragment>
            );
          })}
        </div>
        <p data-testid="preset-what" className="text-xs text-slate-600">
          {active ? t(`preset.${active.id}.what`) : t("preset.custom")}
        </p>
      </fieldset>

      <div className="flex flex-col gap-4">
        {WEIGHT_KEYS.map((k) => (
          <div key={k} className="flex flex-col gap-1.5">
            <div className="flex items-baseline justify-between gap-2 text-sm">
              <label htmlFor={`weight-${k}`} className="flex items-center gap-2 font-medium text-slate-800">
                <span aria-hidden="true" className={cn("size-2 rounded-full", MODE_STYLE[k].dot)} />
                {t(`weight.${k}`)}
              </label>
              <span className="flex items-baseline gap-2 tabular-nums">
                <span className="font-semibold text-slate-900">{weights[k].toFixed(2)}</span>
                <span data-testid={`effective-${k}`} className="w-24 text-right text-xs text-slate-500">
                  {t("weights.effective")} {eff ? formatPercent(eff[k]) : "—"}
                </span>
              </span>
            </div>
            <input
              id={`weight-${k}`}
              data-testid={`weight-${k}`}
              type="range"
              min={0}
              max={1}
              step={0.01}
              value={weights[k]}
              aria-valuetext={`${weights[k].toFixed(2)}, ${t("weights.effective")} ${eff ? formatPercent(eff[k]) : "—"}`}
              onChange={(e) => onWeights({ ...weights, [k]: Number(e.target.value) })}
              className="range-input w-full"
              style={{ "--range-color": MODE_STYLE[k].hex, "--range-fill": `${weights[k] * 100}%` } as CSSProperties}
            />
          </div>
        ))}
      </div>

      <div className="flex flex-col gap-2">
        <span className="text-xs font-semibold tracking-wider text-slate-500 uppercase">
          {t("weights.effectiveBar")}
        </span>
        <div
          role="img"
          aria-label={`${t("weights.effectiveBar")}: ${WEIGHT_KEYS.map((k) => `${t(`weight.${k}`)} ${eff ? formatPercent(eff[k]) : "—"}`).join(", ")}`}
          className="flex h-2.5 w-full overflow-hidden rounded-full bg-slate-100"
        >
          {eff &&
            WEIGHT_KEYS.map((k) => (
              <span
                key={k}
                className={cn("h-full transition-[width] duration-200", MODE_STYLE[k].bar)}
                style={{ width: `${eff[k] * 100}%` }}
              />
            ))}
        </div>
        {!valid && (
          <p role="alert" className="text-sm text-rose-600">
            {t("weights.allZero")}
          </p>
        )}
      </div>

      {scores && eff && <Contributions eff={eff} scores={scores} />}
    </div>
  );
}

/**
 * What each mode adds to the hybrid (effective weight × score), as one bar on a 0–1 scale (longer when an
 * unbounded sparse score lifts the hybrid above 1). Negative terms are listed but not drawn.
 */
function Contributions({ eff, scores }: { eff: HybridWeights; scores: ModeScores }) {
  const { t } = useI18n();
  const terms = WEIGHT_KEYS.map((k) => ({ k, v: eff[k] * scores[k] }));
  const total = terms.reduce((s, x) => s + Math.max(0, x.v), 0);
  const scale = Math.max(1, total);
  return (
    <div data-testid="contributions" className="flex flex-col gap-2">
      <span className="text-xs font-semibold tracking-wider text-slate-500 uppercase">{t("weights.contrib")}</span>
      <div className="relative flex h-2.5 w-full overflow-hidden rounded-full bg-slate-100">
        {terms.map(({ k, v }) => (
          <span
            key={k}
            className={cn("h-full transition-[width] duration-200", MODE_STYLE[k].bar)}
            style={{ width: `${(Math.max(0, v) / scale) * 100}%` }}
          />
        ))}
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500 tabular-nums">
        {terms.map(({ k, v }) => (
          <li key={k} className="flex items-center gap-1.5">
            <span aria-hidden="true" className={cn("size-2 rounded-full", MODE_STYLE[k].dot)} />
            {t(`mode.${k}`)}{" "}
            <span className="font-medium text-slate-700">
              {v < 0 ? "" : "+"}
              {formatScore(v)}
            </span>
          </li>
        ))}
        {scale > 1 && <li className="text-amber-700">{t("weights.aboveOne")}</li>}
      </ul>
    </div>
  );
}
