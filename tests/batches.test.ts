import { describe, expect, it } from "vitest";
import {
  ATTENTION_TOKENS,
  type BatchLimits,
  batchCost,
  planBatches,
  RUN_COST_TOKENS,
  SHORT_LANE_MAX_SEQ,
} from "@/lib/engine/batches";

describe("batch planning", () => {
  const limits: BatchLimits = { maxTokens: 100_000, maxRows: 64 };
  const groups = (lengths: number[], l = limits) =>
    planBatches(lengths, l).map((p) => p.indices.map((i) => lengths[i]!));

  it("sorts texts longest first, keeps every index exactly once, and pads each batch to its longest", () => {
    const plans = planBatches([5, 150, 7, 150, 3], limits);
    expect(plans.map((p) => [p.indices, p.seq])).toEqual([
      [[1, 3], 150],
      [[2, 0, 4], 7],
    ]);
  });

  it("puts short texts in one run: their padding costs less than the runs it saves", () => {
    expect(groups([6, 9, 8, 6, 7, 10, 5])).toEqual([[10, 9, 8, 7, 6, 6, 5]]);
  });

  it("keeps texts of similar length together", () => {
    expect(groups([20, 200, 5, 190, 18])).toEqual([
      [200, 190],
      [20, 18, 5],
    ]);
  });

  it("takes padding only while it costs less than a run of its own (RUN_COST_TOKENS)", () => {
    // Joining 400 and 390 pads 10 tokens, less than a run; 400 and 300 would pad 100.
    expect(groups([400, 390])).toEqual([[400, 390]]);
    expect(groups([400, 300])).toEqual([[400], [300]]);
    expect(groups([50, 5, 50, 7, 3])).toEqual([
      [50, 50],
      [7, 5, 3],
    ]);
  });

  it("finds the cheapest cut of the sorted lengths, not the greedy one", () => {
    const lengths = [100, 90, 90, 90, 80, 12, 10, 9, 3, 3];
    const cost = (g: number[][]) => g.reduce((s, b) => s + batchCost(b.length, Math.max(...b)), 0);
    const planned = cost(groups(lengths));
    // Every cut of the sorted list into consecutive runs, by brute force.
    const sorted = [...lengths].sort((a, b) => b - a);
    let best = Number.POSITIVE_INFINITY;
    for (let mask = 0; mask < 1 << (sorted.length - 1); mask++) {
      const runs: number[][] = [[sorted[0]!]];
      for (let k = 1; k < sorted.length; k++) {
        if (mask & (1 << (k - 1))) runs.push([sorted[k]!]);
        else runs.at(-1)!.push(sorted[k]!);
      }
      best = Math.min(best, cost(runs));
    }
    expect(planned).toBeCloseTo(best, 9);
  });

  it("charges attention's growth with length: padding a long batch costs more than padding a short one", () => {
    expect(batchCost(2, 4000) - batchCost(2, 3990)).toBeGreaterThan(batchCost(2, 400) - batchCost(2, 390));
    expect(batchCost(1, 100)).toBeCloseTo(100 * (1 + 100 / ATTENTION_TOKENS) + RUN_COST_TOKENS, 9);
  });

  it("keeps a batch within its memory budget however cheap a bigger one would be", () => {
    const memory = { budgetBytes: 3_000, bytesOf: (rows: number, seq: number) => rows * seq * 100 };
    expect(groups([10, 10, 10, 10], { ...limits, memory })).toEqual([[10, 10, 10], [10]]);
  });

  it("keeps a batch that runs in one step within oneStep.maxTokens, and a longer one within maxTokens only", () => {
    const oneStep = { maxSeq: 100, maxTokens: 25 };
    expect(groups([10, 10, 10, 10], { ...limits, oneStep })).toEqual([
      [10, 10],
      [10, 10],
    ]);
    expect(groups([200, 200, 200], { ...limits, oneStep })).toEqual([[200, 200, 200]]);
  });

  it("respects the token budget (rows × longest) and the row limit", () => {
    expect(groups([10, 10, 10, 10], { maxTokens: 25, maxRows: 64 })).toEqual([
      [10, 10],
      [10, 10],
    ]);
    expect(groups([10, 10, 10], { maxTokens: 1000, maxRows: 2 })).toEqual([[10, 10], [10]]);
  });

  it("runs each long-lane text alone, however alike their lengths", () => {
    expect(groups([2048, 2048, 600, 600, SHORT_LANE_MAX_SEQ, SHORT_LANE_MAX_SEQ])).toEqual([
      [2048],
      [2048],
      [600],
      [600],
      [SHORT_LANE_MAX_SEQ, SHORT_LANE_MAX_SEQ],
    ]);
  });

  it("gives a text longer than the budget a batch of its own", () => {
    expect(groups([50, 5], { maxTokens: 20, maxRows: 64 })).toEqual([[50], [5]]);
  });

  it("plans nothing for no texts", () => {
    expect(planBatches([], { maxTokens: 10, maxRows: 2 })).toEqual([]);
  });
});
