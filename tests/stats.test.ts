import { describe, expect, it } from "vitest";
import { averageRanks } from "@/lib/m3/stats/average-ranks";
import { bestThreshold } from "@/lib/m3/stats/best-threshold";
import { isBinaryLabels } from "@/lib/m3/stats/binary-labels";
import { pearson } from "@/lib/m3/stats/pearson";
import { rocAuc } from "@/lib/m3/stats/roc-auc";
import { spearman } from "@/lib/m3/stats/spearman";
import { rng } from "./helpers/rng";

describe("averageRanks", () => {
  it("ranks from 1 for the smallest value, in input order", () => {
    expect([...averageRanks([30, 10, 20])]).toEqual([3, 1, 2]);
  });

  it("gives tied values the mean of the ranks they span", () => {
    expect([...averageRanks([10, 20, 20, 30])]).toEqual([1, 2.5, 2.5, 4]);
    expect([...averageRanks([7, 7, 7])]).toEqual([2, 2, 2]);
    expect([...averageRanks([2, 1, 2, 1, 2])]).toEqual([4, 1.5, 4, 1.5, 4]);
  });

  it("returns an empty array for empty input", () => {
    expect(averageRanks([]).length).toBe(0);
  });

  it("refuses NaN, which has no rank", () => {
    expect(() => averageRanks([1, Number.NaN])).toThrow(/NaN/);
  });
});

describe("pearson", () => {
  it("matches the hand-computed r for [1,2,3] vs [2,4,7]: 5 / √(2 · 38/3)", () => {
    // means 2 and 13/3; Σdxdy = 5, Σdx² = 2, Σdy² = 38/3
    expect(pearson([1, 2, 3], [2, 4, 7])).toBeCloseTo(5 / Math.sqrt(2 * (38 / 3)), 14);
  });

  it("is 1 for an exact positive linear relation and −1 for a negative one", () => {
    expect(pearson([1, 2, 3, 4], [3, 5, 7, 9])).toBeCloseTo(1, 14);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 14);
  });

  it("stays exact with a large common offset (two-pass means, no cancellation)", () => {
    expect(pearson([1e9 + 1, 1e9 + 2, 1e9 + 3], [1, 2, 3])).toBeCloseTo(1, 12);
  });

  it("is NaN (undefined) with fewer than 2 values", () => {
    expect(pearson([], [])).toBeNaN();
    expect(pearson([1], [2])).toBeNaN();
  });

  it("is NaN (undefined) when either side is constant", () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
  });

  it("refuses inputs of different lengths", () => {
    expect(() => pearson([1, 2], [1, 2, 3])).toThrow(RangeError);
  });
});

describe("spearman", () => {
  it("equals 1 − 6Σd²/(n(n²−1)) when there are no ties: 0.8 for d = (−1, 1, −1, 1, 0)", () => {
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 14);
  });

  it("handles ties with average ranks: 3/√10 for [1,2,2,3] vs [1,3,2,4], not the shortcut's 0.95", () => {
    // ranks x = (1, 2.5, 2.5, 4), y = (1, 3, 2, 4): Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5 → 4.5/√22.5 = 3/√10.
    // The no-ties shortcut would give 1 − 6·0.5/(4·15) = 0.95, which is wrong here.
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(3 / Math.sqrt(10), 14);
  });

  it("is 0 when the tied ranks cancel: [1,1,2,2] vs [1,2,1,2]", () => {
    expect(spearman([1, 1, 2, 2], [1, 2, 1, 2])).toBeCloseTo(0, 14);
  });

  it("depends only on order: any increasing transform gives 1", () => {
    expect(spearman([0.1, 0.5, 0.2, 0.9], [1, 25, 4, 81])).toBeCloseTo(1, 14);
    expect(spearman([0.1, 0.5, 0.2, 0.9], [-1, -25, -4, -81])).toBeCloseTo(-1, 14);
  });

  it("is NaN for n < 2 or a constant side, like pearson", () => {
    expect(spearman([3], [1])).toBeNaN();
    expect(spearman([1, 2, 3], [0, 0, 0])).toBeNaN();
  });
});

describe("rocAuc", () => {
  it("is the share of (positive, negative) pairs ranked right: 3 of 4 for the hand example", () => {
    // positives 0.35, 0.8; negatives 0.1, 0.4: 0.35 > 0.1, 0.35 < 0.4, 0.8 beats both.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });

  it("counts a tie between a positive and a negative as ½", () => {
    expect(rocAuc([0.5, 0.5], [0, 1])).toBe(0.5);
    // positives 0.5, 0.9; negatives 0.2, 0.5: 1 + ½ + 1 + 1 = 3.5 of 4.
    expect(rocAuc([0.2, 0.5, 0.5, 0.9], [0, 0, 1, 1])).toBe(0.875);
  });

  it("is 1 for a perfect separation and 0 for an inverted one", () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });

  it("agrees with counting every (positive, negative) pair on 300 random scores with ties", () => {
    const r = rng(7);
    const scores = Array.from({ length: 300 }, () => Math.round(r() * 20) / 20);
    const labels = Array.from({ length: 300 }, () => (r() < 0.4 ? 1 : 0));
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < 300; i++) {
      for (let j = 0; j < 300; j++) {
        if (labels[i] !== 1 || labels[j] !== 0) continue;
        pairs++;
        wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
    }
    expect(rocAuc(scores, labels)).toBeCloseTo(wins / pairs, 12);
  });

  it("is NaN (undefined) when every label is the same", () => {
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
    expect(rocAuc([0.1, 0.2], [0, 0])).toBeNaN();
    expect(rocAuc([], [])).toBeNaN();
  });

  it("refuses labels other than 0 and 1, and different lengths", () => {
    expect(() => rocAuc([0.1, 0.2], [0, 2])).toThrow(/label 1 is 2/);
    expect(() => rocAuc([0.1, 0.2], [0])).toThrow(RangeError);
  });
});

describe("bestThreshold", () => {
  it("finds the F1-best cut, predicting positive when score ≥ threshold", () => {
    // thresholds 0.9 → F1 2/3, 0.7 → 1/2, 0.5 → 4/5 (TP 2, FP 1), 0.2 → 2/3.
    const best = bestThreshold([0.2, 0.5, 0.7, 0.9], [0, 1, 0, 1]);
    expect(best).not.toBeNull();
    expect(best!.threshold).toBe(0.5);
    expect(best!.f1).toBeCloseTo(0.8, 14);
    expect(best!.precision).toBeCloseTo(2 / 3, 14);
    expect(best!.recall).toBe(1);
  });

  it("gives an F1 tie to the highest threshold", () => {
    // thresholds 0.9 → 2/3, 0.6 → 1/2, 0.4 → 2/5, 0.1 → 2/3: 0.9 and 0.1 tie.
    expect(bestThreshold([0.9, 0.6, 0.4, 0.1], [1, 0, 0, 1])!.threshold).toBe(0.9);
  });

  it("moves tied scores across the threshold together", () => {
    // 0.7 admits both tied pairs (TP 1, FP 1, FN 1 → 1/2); 0.3 admits all (TP 2, FP 1 → 4/5).
    const best = bestThreshold([0.7, 0.7, 0.3], [1, 0, 1])!;
    expect(best.threshold).toBe(0.3);
    expect(best.f1).toBeCloseTo(0.8, 14);
  });

  it("is null without pairs or without a positive label", () => {
    expect(bestThreshold([], [])).toBeNull();
    expect(bestThreshold([0.3, 0.9], [0, 0])).toBeNull();
  });

  it("refuses labels other than 0 and 1", () => {
    expect(() => bestThreshold([0.3, 0.9], [0, 0.5])).toThrow(RangeError);
  });
});

describe("isBinaryLabels", () => {
  it("accepts only non-empty lists of exact 0s and 1s", () => {
    expect(isBinaryLabels([0, 1, 1])).toBe(true);
    expect(isBinaryLabels([1, 1])).toBe(true);
    expect(isBinaryLabels([0, 0.5])).toBe(false);
    expect(isBinaryLabels([0, 2])).toBe(false);
    expect(isBinaryLabels([])).toBe(false);
  });
});
