import { useI18n } from "@/components/shell/i18n-provider";
import { MODE_STYLE, WEIGHT_KEYS } from "@/components/shell/modes";
import { isValidWeights, normaliseWeights } from "@/lib/m3/hybrid";
import type { HybridWeights, ModeScores } from "@/lib/m3/types";
import { formatScore } from "@/lib/ui/format";
import { type SparseScale, SparseScalePicker } from "./sparse-scale";

export interface HybridFormulaProps {
  weights: HybridWeights;
  /** The three mode scores of the last comparison. */
  scores: ModeScores;
  hybrid: number | null;
  sparseScale: SparseScale;
  onSparseScale: (s: SparseScale) => void;
}

/** The hybrid written out with the effective weights and this pair's scores, how sparse enters it, and its scale. */
export function HybridFormula({ weights, scores, hybrid, sparseScale, onSparseScale }: HybridFormulaProps) {
  const { t } = useI18n();
  if (!isValidWeights(weights) || hybrid === null) return null;
  const eff = normaliseWeights(weights);
  return (
    <div className="flex flex-col gap-2 rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200/70">
      <span className="text-xs font-semibold tracking-wider text-slate-500 uppercase">{t("weights.formula")}</span>
      <p data-testid="hybrid-formula" className="flex flex-wrap items-baseline gap-x-1.5 gap-y-1 text-sm tabular-nums">
        {WEIGHT_KEYS.map((k, i) => (
          <span key={k} className="whitespace-nowrap">
            {i > 0 && <span className="mr-1.5 text-slate-500">+</span>}
            <span className={MODE_STYLE[k].text}>{eff[k].toFixed(3)}</span>
            <span className="text-slate-500"> × </span>
            <span className="text-slate-700">{formatScore(scores[k])}</span>
          </span>
        ))}
        <span className="whitespace-nowrap">
          <span className="text-slate-500">= </span>
          <span className="font-semibold text-slate-900">{formatScore(hybrid)}</span>
        </span>
      </p>
      <p className="text-xs leading-relaxed text-slate-500">
        {t(sparseScale === "raw" ? "weights.sparseNote" : "weights.sparseNoteUnit", {
          w: eff.sparse.toFixed(3),
          s: formatScore(scores.sparse),
          c: formatScore(eff.sparse * scores.sparse),
        })}
      </p>
      <SparseScalePicker scale={sparseScale} onScale={onSparseScale} />
    </div>
  );
}
