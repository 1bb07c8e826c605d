/**
 * Real-model conformance: FlagEmbedding's published fp32 numbers (semantics doc §5A, Tutorials 1.2.4 BGE-M3 notebook).
 * Runs only when BGE_M3_MODEL_DIR points at the real BAAI/bge-m3 files; otherwise it is skipped and says why.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "@/lib/engine/engine";
import { isBundledTestModel } from "@/lib/engine/model-dir";
import { colbertScore } from "@/lib/m3/colbert";
import { denseScore } from "@/lib/m3/dense";
import { lexicalScore } from "@/lib/m3/lexical";
import type { Representation } from "@/lib/m3/types";

function realModelDir(): { dir: string | null; why: string } {
  const raw = process.env.BGE_M3_MODEL_DIR;
  if (!raw) return { dir: null, why: "BGE_M3_MODEL_DIR is not set" };
  const dir = path.resolve(raw);
  const config = path.join(dir, "config.json");
  if (!existsSync(path.join(dir, "onnx", "model.onnx")) || !existsSync(config)) {
    return { dir: null, why: `${dir} has no onnx/model.onnx and config.json` };
  }
  if (isBundledTestModel(dir)) return { dir: null, why: `${dir} is the bundled random-weight test model` };
  const c = JSON.parse(readFileSync(config, "utf8"));
  if (c.hidden_size !== 1024 || c.vocab_size !== 250002 || c.num_hidden_layers !== 24) {
    return { dir: null, why: `${dir} is not bge-m3-shaped (hidden ${c.hidden_size}, vocab ${c.vocab_size})` };
  }
  return { dir, why: "" };
}

const { dir, why } = realModelDir();
if (!dir) console.log(`SKIPPED real-model conformance test (FlagEmbedding fp32 numbers): ${why}.`);

const q1 = "What is BGE M3?";
const q2 = "Defination of BM25";
const p1 = "BGE M3 is an embedding model supporting dense retrieval, lexical matching and multi-vector interaction.";
const p2 =
  "BM25 is a bag-of-words retrieval function that ranks a set of documents based on the query terms appearing in each document";
const TOL = 1e-4;

describe.skipIf(!dir)("real BAAI/bge-m3 against FlagEmbedding's published fp32 outputs", () => {
  let engine: Engine;
  let r: Record<"q1" | "q2" | "p1" | "p2", Representation>;
  beforeAll(async () => {
    engine = await Engine.load({ modelDir: dir!, threads: 2 });
    const [a, b, c, d] = await engine.encode([q1, q2, p1, p2]);
    r = { q1: a!, q2: b!, p1: c!, p2: d! };
  }, 600_000);

  it("gives the published dense similarities", () => {
    expect(denseScore(r.q1.dense, r.p1.dense)).toBeCloseTo(0.6259035, 4);
    expect(denseScore(r.q1.dense, r.p2.dense)).toBeCloseTo(0.34749585, 4);
    expect(Math.abs(denseScore(r.q2.dense, r.p1.dense) - 0.349868)).toBeLessThan(TOL);
    expect(Math.abs(denseScore(r.q2.dense, r.p2.dense) - 0.6782462)).toBeLessThan(TOL);
  });

  it("gives the published lexical weights, keyed and ordered as FlagEmbedding's convert_id_to_token", () => {
    const byText = (rep: Representation) =>
      Object.fromEntries([...rep.lexical].map(([id, w]) => [engine.tokenizer.decodeToken(id), w]));
    const expected1 = {
      What: 0.08362077,
      is: 0.081469566,
      B: 0.12964639,
      GE: 0.25186998,
      M: 0.17001738,
      "3": 0.26957875,
      "?": 0.040755156,
    };
    const expected2 = {
      De: 0.050144322,
      fin: 0.13689369,
      ation: 0.045134712,
      of: 0.06342201,
      BM: 0.25167602,
      "25": 0.33353207,
    };
    for (const [rep, expected] of [
      [r.q1, expected1],
      [r.q2, expected2],
    ] as const) {
      const got = byText(rep);
      expect(Object.keys(got)).toEqual(Object.keys(expected));
      for (const [k, v] of Object.entries(expected)) expect(Math.abs(got[k]! - v)).toBeLessThan(TOL);
    }
  });

  it("gives the published lexical matching scores", () => {
    expect(Math.abs(lexicalScore(r.q1.lexical, r.p1.lexical) - 0.19554448500275612)).toBeLessThan(TOL);
    expect(Math.abs(lexicalScore(r.q1.lexical, r.p2.lexical) - 0.00880391988903284)).toBeLessThan(TOL);
    expect(lexicalScore(r.q1.lexical, r.q2.lexical)).toBe(0);
  });

  it("gives the published ColBERT shapes and scores", () => {
    expect(r.q1.colbert.rows).toBe(8);
    expect(r.p1.colbert.rows).toBe(30);
    expect(r.q1.colbert.dim).toBe(1024);
    expect(Math.abs(colbertScore(r.q1.colbert, r.p1.colbert) - 0.7796662449836731)).toBeLessThan(TOL);
    expect(Math.abs(colbertScore(r.q1.colbert, r.p2.colbert) - 0.4621177911758423)).toBeLessThan(TOL);
  });
});
