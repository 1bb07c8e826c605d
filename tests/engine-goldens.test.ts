import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "@/lib/engine/engine";
import { colbertScore, maxSimMatrix } from "@/lib/m3/colbert";
import { denseScore } from "@/lib/m3/dense";
import { lexicalScore } from "@/lib/m3/lexical";
import type { Representation } from "@/lib/m3/types";
import { GOLDEN_TOLERANCE, goldenPairs, label, lexicalDiff, maxAbsDiff, TEST_MODEL_DIR } from "./helpers/goldens";

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.load({ modelDir: TEST_MODEL_DIR, threads: 2 });
});

describe.each(goldenPairs.map((p) => [label(p), p] as const))("the engine on golden pair %s", (_, pair) => {
  let ra: Representation;
  let rb: Representation;
  beforeAll(async () => {
    [ra, rb] = (await engine.encode([pair.a, pair.b])) as [Representation, Representation];
  });

  it("tokenises to exactly the reference ids", () => {
    expect(engine.tokenize(pair.a).ids).toEqual(pair.ids_a);
    expect(engine.tokenize(pair.b).ids).toEqual(pair.ids_b);
  });

  it("gives the reference dense vector and score within 1e-4", () => {
    expect(maxAbsDiff(ra.dense, pair.dense_a)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(denseScore(ra.dense, rb.dense) - pair.dense)).toBeLessThan(GOLDEN_TOLERANCE);
  });

  it("gives the reference lexical weights (same ids) and sparse score within 1e-4", () => {
    expect(lexicalDiff(ra.lexical, pair.lexical_a)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(lexicalDiff(rb.lexical, pair.lexical_b)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(lexicalScore(ra.lexical, rb.lexical) - pair.sparse)).toBeLessThan(GOLDEN_TOLERANCE);
  });

  it("gives every reference MaxSim cell and the ColBERT score within 1e-4", () => {
    const m = maxSimMatrix(ra.colbert, rb.colbert);
    expect([m.rows, m.cols]).toEqual([pair.maxsim.length, pair.maxsim[0]?.length ?? 0]);
    expect(maxAbsDiff(m.data, pair.maxsim.flat())).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(colbertScore(ra.colbert, rb.colbert) - pair.colbert)).toBeLessThan(GOLDEN_TOLERANCE);
  });

  it("keeps </s> and drops <s> among the ColBERT vectors", () => {
    expect(ra.colbert.rows).toBe(pair.ids_a.length - 1);
    expect(ra.tokens.map((t) => t.id)).toEqual(pair.ids_a);
  });
});

describe("batched encoding", () => {
  const texts = goldenPairs.flatMap((p) => [p.a, p.b]);

  it("returns results in input order equal to one-at-a-time results within 1e-5", async () => {
    const batched = await engine.encode(texts);
    for (let i = 0; i < texts.length; i++) {
      const [single] = await engine.encode([texts[i]!]);
      expect(batched[i]!.tokens).toEqual(single!.tokens);
      expect(maxAbsDiff(batched[i]!.dense, single!.dense)).toBeLessThan(1e-5);
      expect(maxAbsDiff(batched[i]!.colbert.data, single!.colbert.data)).toBeLessThan(1e-5);
      expect(lexicalDiff(batched[i]!.lexical, Object.fromEntries(single!.lexical))).toBeLessThan(1e-5);
    }
  });

  it("splits a long list into several batches under the token budget and still keeps order", async () => {
    const small = await Engine.load({ modelDir: TEST_MODEL_DIR, threads: 1, batch: { maxTokens: 64, maxRows: 3 } });
    const [x, y] = await Promise.all([small.encode(texts), engine.encode(texts)]);
    x.forEach((r, i) => {
      expect(maxAbsDiff(r.dense, y[i]!.dense)).toBeLessThan(1e-5);
    });
  });

  it("encodes an empty list to an empty list", async () => {
    expect(await engine.encode([])).toEqual([]);
  });
});

describe("truncation", () => {
  const long = goldenPairs.find((p) => p.ids_a.length > 500)!;

  it("cuts to max_length tokens keeping <s> and </s>, and reports the count before", async () => {
    const [r] = await engine.encode([long.a], 16);
    expect(r!.tokens.map((t) => t.id)).toEqual([...long.ids_a.slice(0, 15), 2]);
    expect(r!.tokenCountBefore).toBe(long.ids_a.length);
    expect(r!.truncated).toBe(true);
    expect(r!.colbert.rows).toBe(15);
  });

  it("does not mark a text that fits as truncated", async () => {
    const [r] = await engine.encode([long.b], 16_000 > engine.maxLength ? engine.maxLength : 16_000);
    expect(r!.truncated).toBe(false);
    expect(r!.tokenCountBefore).toBe(long.ids_b.length);
  });

  it("refuses a max_length outside 3..8192", async () => {
    await expect(engine.encode(["x"], 2)).rejects.toMatchObject({ kind: "invalid_max_length", field: "max_length" });
    await expect(engine.encode(["x"], 8193)).rejects.toMatchObject({ kind: "invalid_max_length" });
  });
});
