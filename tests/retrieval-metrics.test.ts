import { describe, expect, it } from "vitest";
import { firstRelevantRank, rankingBy, recallAtK, reciprocalRank } from "@/lib/m3/stats/retrieval";

describe("retrieval metrics of one query", () => {
  const ranking = [4, 2, 0, 3, 1];

  it("rank the first right passage from 1, and MRR is its reciprocal", () => {
    expect(firstRelevantRank(ranking, new Set([0, 3]))).toBe(3);
    expect(reciprocalRank(ranking, new Set([0, 3]))).toBeCloseTo(1 / 3);
    expect(reciprocalRank(ranking, new Set([4]))).toBe(1);
    expect(firstRelevantRank(ranking, new Set())).toBeNull();
    expect(reciprocalRank(ranking, new Set([9]))).toBe(0);
  });

  it("recall@k is the share of right passages in the top k", () => {
    const right = new Set([2, 1]);
    expect(recallAtK(ranking, right, 1)).toBe(0);
    expect(recallAtK(ranking, right, 3)).toBe(0.5);
    expect(recallAtK(ranking, right, 5)).toBe(1);
    expect(recallAtK(ranking, right, 10)).toBe(1);
    expect(recallAtK(ranking, new Set(), 3)).toBeNaN();
  });

  it("ranks by a score, best first, ties by the lower index", () => {
    const items = [
      { index: 0, s: 0.5 },
      { index: 1, s: 0.9 },
      { index: 2, s: 0.5 },
    ];
    expect(rankingBy(items, (x) => x.s)).toEqual([1, 0, 2]);
  });
});
