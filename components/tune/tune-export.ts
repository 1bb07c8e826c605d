/** The tuning result as a JSON file: the best point, every metric at every grid point, and the per-pair scores. */
import type { TuneRequest, TuneResponse } from "@/lib/api/tune-contract";
import { evaluatePoint, type WeightSearch } from "@/lib/m3/tune";

/** A metric's value, or null where it is undefined (JSON has no NaN). */
const num = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? null : v);

export function tuneExport(data: TuneResponse, body: TuneRequest, search: WeightSearch, step: number, binary: boolean) {
  const labels = body.pairs.map((p) => p.label);
  const best = search.best;
  return {
    tool: "bge-m3 Studio weight tuning",
    model: data.model,
    metric: search.metric,
    step,
    labels: binary ? "binary" : "numeric",
    best: best && { weights: best.weights, value: best.value, ...(search.threshold ?? {}) },
    grid: search.grid.map((p) => {
      const m = evaluatePoint(data.scores, labels, p.weights);
      return {
        weights: p.weights,
        value: num(p.value),
        spearman: num(m.spearman),
        pearson: num(m.pearson),
        ...(binary ? { auc: num(m.auc), threshold: num(m.threshold?.threshold), f1: num(m.threshold?.f1) } : {}),
      };
    }),
    pairs: body.pairs.map((p, i) => ({ text_a: p.a, text_b: p.b, label: p.label, scores: data.scores[i] })),
  };
}
