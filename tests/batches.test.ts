import { describe, expect, it } from "vitest";
import { planBatches } from "@/lib/engine/batches";

describe("batch planning", () => {
  it("sorts texts longest first and keeps every index exactly once", () => {
    const plans = planBatches([5, 50, 7, 50, 3], { maxTokens: 1000, maxRows: 64 });
    expect(plans.map((p) => p.indices)).toEqual([[1, 3, 2, 0, 4]]);
    expect(plans[0]!.seq).toBe(50);
  });
  it("closes a batch when rows × padded length would pass the token budget", () => {
    const plans = planBatches([100, 90, 80, 10, 10], { maxTokens: 200, maxRows: 64 });
    expect(plans.map((p) => [p.indices, p.seq])).toEqual([
      [[0, 1], 100],
      [[2, 3], 80],
      [[4], 10],
    ]);
  });
  it("gives a text longer than the budget a batch of its own", () => {
    expect(planBatches([500, 20], { maxTokens: 100, maxRows: 8 }).map((p) => p.indices)).toEqual([[0], [1]]);
  });
  it("caps the rows per batch", () => {
    expect(planBatches([4, 4, 4, 4, 4], { maxTokens: 1e6, maxRows: 2 }).map((p) => p.indices.length)).toEqual([
      2, 2, 1,
    ]);
  });
  it("starts a new batch rather than pad a much shorter text to the longest", () => {
    const plans = planBatches([400, 390, 100, 90, 300], { maxTokens: 1e6, maxRows: 64 });
    expect(plans.map((p) => [p.indices, p.seq])).toEqual([
      [[0, 1, 4], 400],
      [[2, 3], 100],
    ]);
  });
  it("still groups short texts whose padded batch stays small", () => {
    const plans = planBatches([40, 12, 8, 30], { maxTokens: 1e6, maxRows: 64 });
    expect(plans.map((p) => [p.indices, p.seq])).toEqual([[[0, 3, 1, 2], 40]]);
  });
  it("plans nothing for no texts", () => {
    expect(planBatches([], { maxTokens: 10, maxRows: 2 })).toEqual([]);
  });
});
