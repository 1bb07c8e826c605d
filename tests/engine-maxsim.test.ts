import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "@/lib/engine/engine";
import { ORT_MAXSIM_MIN_PRODUCTS } from "@/lib/engine/maxsim-session";
import { maxSimMatrix } from "@/lib/m3/colbert";
import type { MultiVector } from "@/lib/m3/types";
import { l2NormaliseInPlace } from "@/lib/m3/vector";
import { TEST_MODEL_DIR } from "./helpers/goldens";
import { rng } from "./helpers/rng";

function randomVectors(rows: number, dim: number, seed: number): MultiVector {
  const r = rng(seed);
  const data = Float32Array.from({ length: rows * dim }, () => r() - 0.5);
  for (let i = 0; i < rows; i++) l2NormaliseInPlace(data, i * dim, dim);
  return { rows, dim, data };
}

const maxDiff = (x: Float32Array, y: Float32Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);

describe("Engine.maxSim", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.load({ modelDir: TEST_MODEL_DIR, threads: 2 });
  });

  it("computes a long pair's matrix in onnxruntime, equal to the JavaScript one within 1e-6", async () => {
    const dim = engine.config.hiddenSize;
    const [a, b] = [randomVectors(700, dim, 1), randomVectors(600, dim, 2)];
    expect(a.rows * b.rows * dim).toBeGreaterThanOrEqual(ORT_MAXSIM_MIN_PRODUCTS);
    const fast = await engine.maxSim(a, b);
    const reference = maxSimMatrix(a, b);
    expect([fast.rows, fast.cols]).toEqual([700, 600]);
    expect(maxDiff(fast.data, reference.data)).toBeLessThan(1e-6);
  });

  it("keeps small matrices in JavaScript, bit for bit what the pages compute", async () => {
    const dim = engine.config.hiddenSize;
    const [a, b] = [randomVectors(5, dim, 3), randomVectors(7, dim, 4)];
    expect((await engine.maxSim(a, b)).data).toEqual(maxSimMatrix(a, b).data);
  });

  it("handles a text without ColBERT vectors", async () => {
    const dim = engine.config.hiddenSize;
    const empty: MultiVector = { rows: 0, dim, data: new Float32Array(0) };
    const m = await engine.maxSim(empty, randomVectors(3, dim, 5));
    expect([m.rows, m.cols, m.data.length]).toEqual([0, 3, 0]);
  });
});
