/** The retrieval check's ranking, recomputed in the browser for any weights. */
import { hybridScore } from "@/lib/m3/hybrid";
import type { HybridWeights, ModeScores } from "@/lib/m3/types";

/** Below this hybrid score a passage "does not really answer". */
export const DEFAULT_ANSWER_THRESHOLD = 0.6;

/** One passage with its mode scores and the hybrid under the current weights. */
export interface RankedPassage {
  index: number;
  scores: ModeScores;
  hybrid: number;
}

/** The passages sorted by hybrid under `w`, best first (ties: lower index first), as the rerank API sorts. */
export function rankByHybrid(
  results: readonly { index: number; scores: ModeScores }[],
  w: HybridWeights,
): RankedPassage[] {
  return results
    .map((r) => ({
      index: r.index,
      scores: { dense: r.scores.dense, sparse: r.scores.sparse, colbert: r.scores.colbert },
      hybrid: hybridScore(r.scores, w),
    }))
    .sort((x, y) => y.hybrid - x.hybrid || x.index - y.index);
}
