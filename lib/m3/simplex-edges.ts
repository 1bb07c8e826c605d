/**
 * The three edges of the weight simplex, where one mode's weight is 0 and the other two share the whole: dense ↔
 * sparse (no ColBERT), sparse ↔ ColBERT (no dense), ColBERT ↔ dense (no sparse). Each edge lists its grid points
 * from the first mode alone to the second alone, with `t` the second mode's weight.
 */
import type { GridPoint } from "./tune";
import type { HybridWeights } from "./types";

type WeightKey = keyof HybridWeights;

export interface SimplexEdge {
  from: WeightKey;
  to: WeightKey;
  points: { t: number; value: number; index: number }[];
}

export const SIMPLEX_EDGES: readonly [from: WeightKey, to: WeightKey, zero: WeightKey][] = [
  ["dense", "sparse", "colbert"],
  ["sparse", "colbert", "dense"],
  ["colbert", "dense", "sparse"],
];

export function simplexEdges(grid: readonly GridPoint[]): SimplexEdge[] {
  return SIMPLEX_EDGES.map(([from, to, zero]) => ({
    from,
    to,
    points: grid
      .flatMap((p, index) => (p.weights[zero] === 0 ? [{ t: p.weights[to], value: p.value, index }] : []))
      .sort((a, b) => a.t - b.t),
  }));
}
