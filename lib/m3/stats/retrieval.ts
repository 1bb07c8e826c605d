/**
 * Retrieval metrics of one ranking against the passages marked right: the rank of the first right one, its
 * reciprocal (MRR over one query), and recall@k (the share of right passages in the top k).
 */

/** 1-based rank of the first item of `ranking` that is in `relevant`, or null when none is. */
export function firstRelevantRank(ranking: readonly number[], relevant: ReadonlySet<number>): number | null {
  const at = ranking.findIndex((i) => relevant.has(i));
  return at === -1 ? null : at + 1;
}

/** 1 / the first right passage's rank; 0 when none is ranked. */
export const reciprocalRank = (ranking: readonly number[], relevant: ReadonlySet<number>): number => {
  const rank = firstRelevantRank(ranking, relevant);
  return rank === null ? 0 : 1 / rank;
};

/** The share of the right passages among the first `k` ranked; NaN when none is marked right. */
export function recallAtK(ranking: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return Number.NaN;
  return ranking.slice(0, k).filter((i) => relevant.has(i)).length / relevant.size;
}

/** Item indices sorted by `score`, best first; ties keep the lower index first, as the rerank API sorts. */
export function rankingBy<T extends { index: number }>(items: readonly T[], score: (item: T) => number): number[] {
  return [...items].sort((x, y) => score(y) - score(x) || x.index - y.index).map((x) => x.index);
}
