import { describe, expect, it } from "vitest";
import { nearDuplicateGroups } from "@/lib/m3/near-duplicates";
import { histogram, pairScores } from "@/lib/m3/pair-histogram";

describe("the pairwise-similarity histogram", () => {
  // An asymmetric 3×3 matrix: pair (0,1) is 0.9 one way and 0.7 the other.
  const m = [1, 0.9, 0.2, 0.7, 1, 0.45, 0.25, 0.5, 1];

  it("scores each pair by its lower direction, the one the near-duplicate groups need", () => {
    expect(Array.from(pairScores(m, 3))).toEqual([0.7, 0.2, 0.45]);
    const atOrAbove = (t: number) => Array.from(pairScores(m, 3)).filter((v) => v >= t).length;
    expect(atOrAbove(0.7)).toBe(1);
    expect(nearDuplicateGroups(m, 3, 0.7)).toEqual([[0, 1]]);
    expect(atOrAbove(0.71)).toBe(0);
    expect(nearDuplicateGroups(m, 3, 0.71)).toEqual([]);
  });

  it("bins over tenths that hold every score and the threshold, the top score in the last bin", () => {
    const h = histogram([0.2, 0.45, 0.7], 4, [0.85]);
    expect(h.lo).toBeCloseTo(0.2);
    expect(h.hi).toBeCloseTo(0.9);
    expect(h.counts).toEqual([1, 1, 1, 0]);
    expect(histogram([1, 1], 5).counts.reduce((a, b) => a + b)).toBe(2);
    expect(histogram([], 3)).toMatchObject({ lo: 0, hi: 1, counts: [0, 0, 0] });
    expect(histogram([-0.3, 12.4], 10, [0.85])).toMatchObject({ lo: -0.3, hi: 12.4 });
  });
});
