import { describe, expect, it } from "vitest";
import { hybridScores } from "@/lib/m3/hybrid";
import { averageRanks } from "@/lib/m3/stats/average-ranks";
import { bestThreshold } from "@/lib/m3/stats/best-threshold";
import { pearson } from "@/lib/m3/stats/pearson";
import { rocAuc } from "@/lib/m3/stats/roc-auc";
import { evaluatePoint, labelProblem, searchWeights, toColumns } from "@/lib/m3/tune";
import type { ModeScores } from "@/lib/m3/types";
import { rng } from "./helpers/rng";

const rows = (dense: number[], sparse: number[], colbert: number[]): ModeScores[] =>
  dense.map((d, i) => ({ dense: d, sparse: sparse[i]!, colbert: colbert[i]! }));

describe("searchWeights", () => {
  it("finds the mode that ranks the labels perfectly: dense alone, Spearman 1", () => {
    const scores = rows([0.1, 0.5, 0.3, 0.9], [0.9, 0.1, 0.5, 0.3], [0.2, 0.4, 0.8, 0.6]);
    const r = searchWeights(scores, [1, 3, 2, 4], "spearman", 0.1);
    expect(r.grid).toHaveLength(66);
    expect(r.best!.weights).toEqual({ dense: 1, sparse: 0, colbert: 0 });
    expect(r.best!.value).toBeCloseTo(1, 12);
    expect(r.best!.index).toBe(0);
  });

  it("gives a tie to the first point with dense weight descending, then sparse descending (and skips NaN points)", () => {
    // Dense is constant: (1, 0, 0) has a constant hybrid (Spearman NaN). Sparse and ColBERT rank the labels
    // identically, and adding a constant does not change ranks, so every other point ties at Spearman 1.
    // The first of them in grid order is (0.9, 0.1, 0), ahead of (0.9, 0, 0.1).
    const scores = rows([0.5, 0.5, 0.5, 0.5], [0.1, 0.2, 0.3, 0.4], [0.2, 0.4, 0.6, 0.8]);
    const r = searchWeights(scores, [0, 1, 2, 3], "spearman", 0.1);
    expect(r.grid[0]!.value).toBeNaN();
    expect(r.best!.weights).toEqual({ dense: 0.9, sparse: 0.1, colbert: 0 });
    expect(r.best!.index).toBe(1);
    expect(r.grid.filter((p) => Math.abs(p.value - 1) < 1e-12)).toHaveLength(65);
  });

  it("evaluates Pearson on the FlagEmbedding hybrid (weights divided by their sum) at every point", () => {
    const scores = rows([0.2, 0.6, 0.4, 0.8, 0.1], [1.5, 0.2, 0.9, 0.4, 0.0], [0.3, 0.7, 0.5, 0.6, 0.2]);
    const labels = [0.5, 2.5, 1.5, 4.0, 0.0];
    const r = searchWeights(scores, labels, "pearson", 0.25);
    for (const p of r.grid) {
      const { dense: d, sparse: s, colbert: c } = p.weights;
      const hybrid = scores.map((x) => (d * x.dense + s * x.sparse + c * x.colbert) / (d + s + c));
      expect(p.value).toBeCloseTo(pearson(hybrid, labels), 12);
    }
    const max = Math.max(...r.grid.map((p) => p.value));
    expect(r.best!.value).toBe(max);
    expect(r.threshold).toBeNull();
  });

  it("hand-checks one Pearson value: (0.5, 0.5, 0) on dense [0,1,2], sparse [2,0,1] gives hybrid [1, 0.5, 1.5]", () => {
    const scores = rows([0, 1, 2], [2, 0, 1], [0, 0, 0]);
    const r = searchWeights(scores, [1, 2, 3], "pearson", 0.5);
    // hybrid (1, 0.5, 1.5) vs labels (1, 2, 3): Σdxdy = 0.5, Σdx² = 0.5, Σdy² = 2 → 0.5/√1 = 0.5.
    expect(r.grid[1]!.weights).toEqual({ dense: 0.5, sparse: 0.5, colbert: 0 });
    expect(r.grid[1]!.value).toBeCloseTo(0.5, 14);
    // (0, 0, 1) has a constant hybrid: undefined, never the best.
    expect(r.grid[5]!.value).toBeNaN();
  });

  it("maximises ROC-AUC for 0/1 labels and reports the F1-best threshold at the best point", () => {
    const scores = rows([0.3, 0.8, 0.4, 0.9, 0.2], [0.9, 0.1, 0.8, 0.2, 0.7], [0.5, 0.5, 0.5, 0.5, 0.5]);
    const labels = [0, 1, 0, 1, 0];
    const r = searchWeights(scores, labels, "auc", 0.1);
    expect(r.best!.weights).toEqual({ dense: 1, sparse: 0, colbert: 0 });
    expect(r.best!.value).toBe(1);
    expect(r.threshold).toEqual(bestThreshold(hybridScores(toColumns(scores), r.best!.weights), labels));
    expect(r.threshold!.threshold).toBe(0.8);
    expect(r.threshold!.f1).toBe(1);
  });

  it("also reports a threshold when tuning a correlation on 0/1 labels", () => {
    const scores = rows([0.3, 0.8, 0.4, 0.9], [0.1, 0.2, 0.3, 0.4], [0.5, 0.1, 0.2, 0.9]);
    const r = searchWeights(scores, [0, 1, 0, 1], "spearman", 0.5);
    expect(r.threshold).not.toBeNull();
  });

  it("refuses labels the metric cannot use, with a reason", () => {
    const scores = rows([0.1, 0.2], [0.3, 0.4], [0.5, 0.6]);
    expect(() => searchWeights(scores, [0.5, 1], "auc", 0.1)).toThrow(/0 or 1/);
    expect(() => searchWeights(scores, [1, 1], "auc", 0.1)).toThrow(/one 0 label and one 1 label/);
    expect(() => searchWeights(scores, [2, 2], "spearman", 0.1)).toThrow(/all labels are equal/);
    expect(() => searchWeights(scores.slice(0, 1), [1], "pearson", 0.1)).toThrow(/at least 2/);
    expect(() => searchWeights(scores, [1], "pearson", 0.1)).toThrow(/2 score rows but 1 labels/);
    expect(() => searchWeights(scores, [0, 1], "pearson", 0.3)).toThrow(/divide 1/);
  });
});

describe("labelProblem", () => {
  it("is null for usable labels", () => {
    expect(labelProblem([0, 1, 1], "auc")).toBeNull();
    expect(labelProblem([0.2, 3.5], "spearman")).toBeNull();
  });
});

describe("evaluatePoint", () => {
  it("reports every metric at one point: Spearman, Pearson, and for 0/1 labels AUC and the threshold", () => {
    const scores = rows([0.3, 0.8, 0.4, 0.9], [0.1, 0.2, 0.3, 0.4], [0.5, 0.1, 0.2, 0.9]);
    const labels = [0, 1, 0, 1];
    const w = { dense: 0.4, sparse: 0.2, colbert: 0.4 };
    const h = scores.map((s) => 0.4 * s.dense + 0.2 * s.sparse + 0.4 * s.colbert);
    const m = evaluatePoint(scores, labels, w);
    expect(m.pearson).toBeCloseTo(pearson(h, labels), 12);
    expect(m.spearman).toBeCloseTo(pearson(averageRanks(h), averageRanks(labels)), 12);
    expect(m.auc).toBeCloseTo(rocAuc(h, labels), 12);
    expect(m.threshold!.f1).toBeCloseTo(bestThreshold(h, labels)!.f1, 12);
    expect(evaluatePoint(scores, [0.1, 0.9, 0.3, 0.7], w).auc).toBeNull();
  });
});

describe("searchWeights speed", () => {
  it("recombines 1,000 pairs over the 231 points of step 0.05 for every metric (median time printed)", () => {
    const r = rng(42);
    const scores: ModeScores[] = Array.from({ length: 1000 }, () => ({
      dense: r(),
      sparse: r() * 0.3,
      colbert: r(),
    }));
    const graded = scores.map((s) => s.dense + s.colbert + r());
    const binary = graded.map((g) => (g > 1.5 ? 1 : 0));
    const report: string[] = [];
    for (const [metric, labels] of [
      ["spearman", graded],
      ["pearson", graded],
      ["auc", binary],
    ] as const) {
      const times: number[] = [];
      let result = searchWeights(scores, labels, metric, 0.05);
      for (let run = 0; run < 9; run++) {
        const t0 = performance.now();
        result = searchWeights(scores, labels, metric, 0.05);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      report.push(`${metric} ${times[4]!.toFixed(1)} ms`);
      expect(result.grid).toHaveLength(231);
      expect(result.best).not.toBeNull();
    }
    console.log(`searchWeights, 1,000 pairs × 231 points (step 0.05), median of 9 runs: ${report.join(", ")}`);
  });
});
