/**
 * BGE_M3_SHORT_WHOLE_GRAPH=0: the server's engine has no whole-graph session, so short batches run through the stages
 * and the planner gives them no one-step token cap; the numbers do not move.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "@/lib/engine/engine";
import { TEST_MODEL_DIR } from "./helpers/goldens";

let off: Engine;
let on: Engine;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = TEST_MODEL_DIR;
  process.env.BGE_M3_SHORT_WHOLE_GRAPH = "0";
  const { loadEngine } = await import("@/lib/engine");
  [off, on] = await Promise.all([loadEngine(), Engine.load({ modelDir: TEST_MODEL_DIR, threads: 2 })]);
});

describe("BGE_M3_SHORT_WHOLE_GRAPH=0", () => {
  it("leaves the short lane's one-step cap out of the batch limits, which the default engine has", () => {
    expect(off.batchLimits.oneStep).toBeUndefined();
    expect(on.batchLimits.oneStep).toEqual({ maxSeq: 512, maxTokens: 1024 });
  });

  it("gives short texts the same vectors as the whole graph, within 1e-5", async () => {
    const texts = ["What is BGE M3?", "气候变化是全球挑战", "a"];
    const [a, b] = await Promise.all([off.encode(texts), on.encode(texts)]);
    for (let i = 0; i < texts.length; i++) {
      const diff = Math.max(...a[i]!.dense.map((v, k) => Math.abs(v - b[i]!.dense[k]!)));
      expect(diff).toBeLessThan(1e-5);
    }
  });
});
