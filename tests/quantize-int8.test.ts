import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "@/lib/engine/engine";
import { createSession, runEncoder } from "@/lib/engine/ort";
import { variantFromEnv, variantPath } from "@/lib/engine/variant";
import { denseScore } from "@/lib/m3/dense";
import { type DriftReport, measureDrift } from "@/lib/model/drift";
import { readOnnxModel } from "@/lib/model/onnx-io";
import {
  type QuantizeReport,
  quantizeColumns,
  quantizeModel,
  quantizeRows,
  roundHalfEven,
} from "@/lib/model/quantize-int8";
import { goldenPairs, TEST_MODEL_DIR } from "./helpers/goldens";
import { rng } from "./helpers/rng";

function gaussianMatrix(k: number, n: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: k * n }, () => {
    const u = Math.max(r(), 1e-12);
    return 0.02 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
  });
}

describe("int8 weight quantisation", () => {
  it("rounds halves to even, like numpy and onnxruntime", () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, -2, 2, -3]);
  });

  it("keeps every adjacent pair of a column within 128, so the u8×s8 kernel cannot saturate", () => {
    const [k, n] = [257, 96];
    const w = gaussianMatrix(k, n, 1);
    const { q, scales } = quantizeColumns(w, k, n);
    let worstPair = 0;
    let worstError = 0;
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < k; i++) {
        const x = q[i * n + j]!;
        if (i % 2 === 0) worstPair = Math.max(worstPair, Math.abs(x) + (i + 1 < k ? Math.abs(q[(i + 1) * n + j]!) : 0));
        worstError = Math.max(worstError, Math.abs(x * scales[j]! - w[i * n + j]!) / scales[j]!);
      }
    }
    expect(worstPair).toBeLessThanOrEqual(128);
    expect(worstPair).toBeGreaterThanOrEqual(126); // the scale uses the range, it does not waste it
    expect(worstError).toBeLessThanOrEqual(0.5 + 1e-6);
  });

  it("gives a zero column scale 1 and zeros, not NaN", () => {
    const { q, scales } = quantizeColumns(new Float32Array(6), 3, 2);
    expect([...scales]).toEqual([1, 1]);
    expect([...q].every((x) => x === 0)).toBe(true);
  });

  it("quantises embedding rows with one scale each, largest |value| → 127", () => {
    const w = gaussianMatrix(5, 64, 2);
    const { q, scales } = quantizeRows(w, 5, 64);
    for (let r = 0; r < 5; r++) {
      const row = [...q.subarray(r * 64, (r + 1) * 64)];
      expect(Math.max(...row.map(Math.abs))).toBe(127);
      row.forEach((x, c) => {
        expect(Math.abs(x * scales[r]! - w[r * 64 + c]!)).toBeLessThanOrEqual(scales[r]! / 2 + 1e-9);
      });
    }
  });
});

describe("quantizeModel on the test model", () => {
  let dir: string;
  let report: QuantizeReport;
  let fp32: Engine;
  let int8: Engine;
  let drift: DriftReport;
  const goldenTexts = goldenPairs.map((p) => [p.a, p.b] as const);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "bge-m3-int8-"));
    cpSync(TEST_MODEL_DIR, dir, { recursive: true });
    report = quantizeModel(path.join(dir, "onnx/model.onnx"), path.join(dir, "onnx/model_int8.onnx"));
    fp32 = await Engine.load({ modelDir: dir, threads: 2 });
    int8 = await Engine.load({ modelDir: dir, threads: 2, variant: "int8" });
    drift = await measureDrift(fp32, int8, goldenTexts);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("quantises every weight MatMul, fuses Q/K/V, folds biases, and keeps attention's products in fp32", () => {
    // 2 layers × (Q, K, V, O, FFN in, FFN out) with weights; 2 × (QKᵀ, attention·V) without.
    expect(report).toMatchObject({ matmulsQuantized: 12, fusedGroups: 2, biasesFolded: 12, matmulsKept: 4 });
    const graph = readOnnxModel(path.join(dir, "onnx/model_int8.onnx")).proto.graph!;
    const ops = graph.node!.map((n) => n.opType);
    expect(ops.filter((o) => o === "DynamicQuantizeMatMul")).toHaveLength(2 * 4);
    expect(ops.filter((o) => o === "MatMul")).toHaveLength(4);
    expect(ops.filter((o) => o === "Split")).toHaveLength(2);
  });

  it("writes the model and its data file under their final names only", () => {
    const files = readdirSync(path.join(dir, "onnx"));
    expect(files).toEqual(expect.arrayContaining(["model_int8.onnx", "model_int8.onnx_data"]));
    expect(files.some((f) => f.endsWith(".partial"))).toBe(false);
    expect(report.outputBytes).toBe(
      statSync(path.join(dir, "onnx/model_int8.onnx")).size +
        statSync(path.join(dir, "onnx/model_int8.onnx_data")).size,
    );
  });

  it("runs in the engine, which says which variant it runs", () => {
    expect(int8.execution.variant).toBe("int8");
    expect(fp32.execution.variant).toBe("fp32");
  });

  it("stays close to fp32 on the golden texts: mean dense cosine ≥ 0.99", () => {
    expect(drift.pairs).toBe(goldenPairs.length);
    expect(drift.denseCosine.mean).toBeGreaterThanOrEqual(0.99);
    expect(drift.denseCosine.min).toBeGreaterThanOrEqual(0.98);
    for (const mode of ["dense", "sparse", "colbert", "hybrid"] as const) {
      expect(drift.scoreDelta[mode].mean).toBeLessThan(0.05);
    }
  });

  it("is not a copy of fp32: the int8 outputs differ", () => {
    expect(drift.denseCosine.min).toBeLessThan(1 - 1e-6);
  });

  it("quantises embedding tables a chunk of rows at a time when they are large enough", async () => {
    const out = path.join(dir, "onnx/model_int8_emb.onnx");
    const r = quantizeModel(path.join(dir, "onnx/model.onnx"), out, { embeddingMinElements: 1000 });
    expect(r.embeddingsQuantized).toBe(2); // word and position embeddings; the 1-row token-type one is too small
    const ops = readOnnxModel(out).proto.graph!.node!.map((n) => n.opType);
    expect(ops.filter((o) => o === "Cast").length).toBeGreaterThanOrEqual(2);
    expect(r.outputBytes).toBeLessThan(report.outputBytes * 0.6);
    // It runs, and its hidden states stay close to the int8 model's without quantised embeddings.
    const ids = BigInt64Array.from(fp32.tokenize(goldenPairs[0]!.b).ids.map(BigInt));
    const mask = new BigInt64Array(ids.length).fill(1n);
    const hidden = async (file: string) => {
      const { session } = await createSession(file, { threads: 2 });
      return (await runEncoder(session, "token_embeddings", ids, mask, 1, ids.length)).data;
    };
    const [a, b] = [await hidden(path.join(dir, "onnx/model_int8.onnx")), await hidden(out)];
    expect(denseScore(a, b) / Math.sqrt(denseScore(a, a) * denseScore(b, b))).toBeGreaterThan(0.99);
  });
});

describe("BGE_M3_VARIANT", () => {
  it("defaults to fp32 and accepts int8 in any case", () => {
    expect(variantFromEnv({})).toBe("fp32");
    expect(variantFromEnv({ BGE_M3_VARIANT: " INT8 " })).toBe("int8");
  });

  it("rejects anything else by name", () => {
    expect(() => variantFromEnv({ BGE_M3_VARIANT: "int4" })).toThrow(/fp32 or int8, got "int4"/);
  });

  it("says how to make the int8 graph when it is missing", () => {
    expect(existsSync(path.join(TEST_MODEL_DIR, "onnx/model_int8.onnx"))).toBe(false);
    expect(() => variantPath(TEST_MODEL_DIR, "int8")).toThrow(/npm run model:quantize -- --dir/);
    expect(variantPath(TEST_MODEL_DIR, "fp32")).toBe(path.join(TEST_MODEL_DIR, "onnx/model.onnx"));
  });
});
