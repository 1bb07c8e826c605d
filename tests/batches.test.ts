import { describe, expect, it } from "vitest";
import { planBatches } from "@/lib/engine/batches";

describe("batch planning", () => {
  const limits = { maxTokens: 100_000, maxRows: 64 };
  const groups = (lengths: number[], l = limits) =>
    planBatches(lengths, l).map((p) => p.indices.map((i) => lengths[i]));

  it("sorts texts longest first, keeps every index exactly once, and pads each batch to its longest", () => {
    const plans = planBatches([5, 150, 7, 150, 3], limits);
    expect(plans.map((p) => [p.indices, p.seq])).toEqual([
      [[1, 3], 150],
      [[2, 0, 4], 7],
    ]);
  });

  it("lets a small batch (≤ 256 computed tokens) take any padding: one run beats several tiny ones", () => {
    expect(groups([50, 5, 50, 7, 3])).toEqual([[50, 50, 7, 5, 3]]);
    expect(groups([6, 20, 9, 14, 20, 8, 11, 6, 17, 12, 7])).toEqual([[20, 20, 17, 14, 12, 11, 9, 8, 7, 6, 6]]);
  });

  it("keeps texts of similar length together", () => {
    expect(groups([20, 200, 5, 190, 18])).toEqual([
      [200, 190],
      [20, 18, 5],
    ]);
  });

  it("splits when padding would exceed 64 tokens and a fifth of the batch", () => {
    // 2 × 400 − 700 = 100 padding tokens: over 64 but within 20% of 800.
    expect(groups([400, 300])).toEqual([[400, 300]]);
    // 2 × 400 − 600 = 200 padding tokens: over both.
    expect(groups([400, 200])).toEqual([[400], [200]]);
  });

  it("respects the token budget (rows × longest) and the row limit", () => {
    expect(groups([10, 10, 10, 10], { maxTokens: 25, maxRows: 64 })).toEqual([
      [10, 10],
      [10, 10],
    ]);
    expect(groups([10, 10, 10], { maxTokens: 1000, maxRows: 2 })).toEqual([[10, 10], [10]]);
  });

  it("gives a text longer than the budget a batch of its own", () => {
    expect(groups([50, 5], { maxTokens: 20, maxRows: 64 })).toEqual([[50], [5]]);
  });

  it("plans nothing for no texts", () => {
    expect(planBatches([], { maxTokens: 10, maxRows: 2 })).toEqual([]);
  });
});
