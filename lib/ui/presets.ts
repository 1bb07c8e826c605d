import type { HybridWeights } from "@/lib/m3/types";

/** A named hybrid weight preset (α dense, β sparse, γ ColBERT); no two share weights, so one lights up at a time. */
export interface WeightPreset {
  id: "flagembedding" | "general" | "keywords" | "long" | "precision";
  weights: Readonly<HybridWeights>;
}

export const PRESETS: readonly WeightPreset[] = Object.freeze([
  { id: "flagembedding", weights: { dense: 0.4, sparse: 0.2, colbert: 0.4 } },
  { id: "general", weights: { dense: 0.5, sparse: 0.3, colbert: 0.2 } },
  { id: "keywords", weights: { dense: 0.3, sparse: 0.6, colbert: 0.1 } },
  // One vector summarises a long text poorly and raw sparse grows with length: ColBERT's token view leads.
  { id: "long", weights: { dense: 0.3, sparse: 0.1, colbert: 0.6 } },
  { id: "precision", weights: { dense: 0.4, sparse: 0.3, colbert: 0.3 } },
]);

/** True when `w` equals the preset's weights (to slider precision). */
export function matchesPreset(w: HybridWeights, preset: WeightPreset): boolean {
  const close = (x: number, y: number) => Math.abs(x - y) < 1e-9;
  return (
    close(w.dense, preset.weights.dense) &&
    close(w.sparse, preset.weights.sparse) &&
    close(w.colbert, preset.weights.colbert)
  );
}
