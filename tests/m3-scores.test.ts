import { describe, expect, it } from "vitest";
import { colbertScore, colbertScoreFromMatrix, maxSimMatrix, rowMaxima } from "@/lib/m3/colbert";
import { denseScore } from "@/lib/m3/dense";
import { combineScores, hybridScore, isValidWeights, normaliseWeights, sparseDenseScore } from "@/lib/m3/hybrid";
import {
  lexicalScore,
  lexicalSelfScore,
  lexicalWeightsFrom,
  sharedLexicalTerms,
  unitLexicalScore,
} from "@/lib/m3/lexical";
import type { MultiVector } from "@/lib/m3/types";
import { l2NormaliseInPlace } from "@/lib/m3/vector";

const mv = (rows: number[][]): MultiVector => ({
  rows: rows.length,
  dim: rows[0]?.length ?? 0,
  data: Float32Array.from(rows.flat()),
});

describe("dense score", () => {
  it("is the inner product of the two vectors", () => {
    expect(denseScore([0.6, 0.8], [1, 0])).toBeCloseTo(0.6, 12);
  });
  it("rejects vectors of different lengths", () => {
    expect(() => denseScore([1, 0], [1, 0, 0])).toThrow(/differ in length/);
  });
});

describe("l2 normalisation", () => {
  it("scales a vector to unit length", () => {
    const v = Float32Array.from([3, 4]);
    l2NormaliseInPlace(v);
    expect([...v]).toEqual([Math.fround(0.6), Math.fround(0.8)]);
  });
  it("leaves a zero vector at zero, like torch's normalize with eps 1e-12", () => {
    const v = new Float32Array(3);
    l2NormaliseInPlace(v);
    expect([...v]).toEqual([0, 0, 0]);
  });
  it("normalises only the slice it is given", () => {
    const v = Float32Array.from([9, 3, 4, 9]);
    l2NormaliseInPlace(v, 1, 2);
    expect([...v]).toEqual([9, Math.fround(0.6), Math.fround(0.8), 9]);
  });
});

describe("lexical weights", () => {
  it("skip the special ids 0-3, drop weights <= 0 and keep the max over repeats in first-occurrence order", () => {
    const w = lexicalWeightsFrom([0, 10, 11, 10, 3, 12, 13, 2, 1], [9, 0.2, 0.5, 0.7, 9, 0, -1, 9, 9]);
    expect([...w]).toEqual([
      [10, 0.7],
      [11, 0.5],
    ]);
  });
  it("score the sum of products over shared ids only, unnormalised", () => {
    const a = new Map([
      [10, 0.5],
      [11, 2],
      [12, 1],
    ]);
    const b = new Map([
      [11, 3],
      [10, 0.5],
      [99, 7],
    ]);
    expect(lexicalScore(a, b)).toBeCloseTo(0.25 + 6, 12);
    expect(lexicalScore(b, a)).toBeCloseTo(6.25, 12);
  });
  it("on the 0–1 scale, divide by both self-scores: 1 for a text against itself, the weights' cosine otherwise", () => {
    const a = new Map([
      [10, 3],
      [11, 4],
    ]);
    const b = new Map([[11, 2]]);
    expect(lexicalSelfScore(a.values())).toBe(25);
    expect(unitLexicalScore(lexicalScore(a, a), 25, 25)).toBe(1);
    expect(unitLexicalScore(lexicalScore(a, b), 25, lexicalSelfScore(b.values()))).toBeCloseTo(8 / 10, 12);
    expect(unitLexicalScore(0, 0, 25)).toBe(0);
  });
  it("score 0 for disjoint or empty texts", () => {
    expect(lexicalScore(new Map([[5, 1]]), new Map([[6, 1]]))).toBe(0);
    expect(lexicalScore(new Map(), new Map())).toBe(0);
  });
  it("list shared terms in text a's order with both weights and their product", () => {
    const shared = sharedLexicalTerms(
      new Map([
        [7, 0.5],
        [8, 0.25],
      ]),
      new Map([
        [8, 4],
        [7, 2],
      ]),
    );
    expect(shared).toEqual([
      { id: 7, weightA: 0.5, weightB: 2, product: 1 },
      { id: 8, weightA: 0.25, weightB: 4, product: 1 },
    ]);
  });
});

describe("ColBERT MaxSim", () => {
  const a = mv([
    [1, 0],
    [0, 1],
  ]);
  const b = mv([
    [0.6, 0.8],
    [1, 0],
    [0, -1],
  ]);
  it("builds every dot product, rows from text a and columns from text b", () => {
    const m = maxSimMatrix(a, b);
    expect([m.rows, m.cols]).toEqual([2, 3]);
    expect([...m.data].map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0.6, 1, 0, 0.8, 0, -1]);
  });
  it("marks each row's best match", () => {
    expect(rowMaxima(maxSimMatrix(a, b)).map((r) => r.col)).toEqual([1, 0]);
  });
  it("scores the mean over a's vectors of the best dot product in b", () => {
    expect(colbertScore(a, b)).toBeCloseTo((1 + 0.8) / 2, 6);
  });
  it("is not symmetric", () => {
    expect(colbertScore(b, a)).toBeCloseTo((0.8 + 1 + 0) / 3, 6);
  });
  it("scores 0 when a side has no vectors", () => {
    expect(colbertScoreFromMatrix({ rows: 0, cols: 3, data: new Float32Array() })).toBe(0);
  });
  it("rejects vectors of different dimensions", () => {
    expect(() => maxSimMatrix(a, mv([[1, 0, 0]]))).toThrow(/dimensions differ/);
  });
});

describe("hybrid weights", () => {
  const s = { dense: 0.6259765625, sparse: 0.195556640625, colbert: 0.7796499729156494 };
  it("divide by their sum, as FlagEmbedding's compute_score", () => {
    expect(hybridScore(s, { dense: 0.4, sparse: 0.2, colbert: 0.4 })).toBeCloseTo(
      (0.4 * s.dense + 0.2 * s.sparse + 0.4 * s.colbert) / 1,
      12,
    );
    expect(hybridScore(s, { dense: 1, sparse: 0.3, colbert: 1 })).toBeCloseTo(
      (s.dense + 0.3 * s.sparse + s.colbert) / 2.3,
      12,
    );
  });
  it("reproduce the FlagEmbedding README's combined scores for weights 0.4/0.2/0.4 within 1e-6", () => {
    const c = combineScores(s, { dense: 0.4, sparse: 0.2, colbert: 0.4 });
    expect(c["sparse+dense"]).toBeCloseTo(0.482503205537796, 6);
    expect(c["colbert+sparse+dense"]).toBeCloseTo(0.6013619303703308, 6);
    expect(c.hybrid).toBe(c["colbert+sparse+dense"]);
  });
  it("reproduce the FlagEmbedding example's scores for weights 1/0.3/1 within 1e-6", () => {
    const t = { colbert: 0.7899274826049805, sparse: 0.180419921875, dense: 0.67822265625 };
    const c = combineScores(t, { dense: 1, sparse: 0.3, colbert: 1 });
    expect(c["sparse+dense"]).toBeCloseTo(0.5633450746536255, 6);
    expect(c["colbert+sparse+dense"]).toBeCloseTo(0.6618592143058777, 6);
  });
  it("normalise to sum 1", () => {
    const n = normaliseWeights({ dense: 2, sparse: 1, colbert: 1 });
    expect(n).toEqual({ dense: 0.5, sparse: 0.25, colbert: 0.25 });
  });
  it("reject negative, non-finite and all-zero weights", () => {
    for (const w of [
      { dense: -1, sparse: 1, colbert: 1 },
      { dense: Number.NaN, sparse: 1, colbert: 1 },
      { dense: Number.POSITIVE_INFINITY, sparse: 1, colbert: 1 },
      { dense: 0, sparse: 0, colbert: 0 },
    ]) {
      expect(isValidWeights(w)).toBe(false);
      expect(() => normaliseWeights(w)).toThrow(RangeError);
    }
  });
  it("give no sparse+dense value when both of its weights are 0", () => {
    expect(sparseDenseScore(s, { dense: 0, sparse: 0, colbert: 1 })).toBeNull();
    expect(hybridScore(s, { dense: 0, sparse: 0, colbert: 1 })).toBeCloseTo(s.colbert, 12);
  });

  // Any positive finite triple is the same weighting as its scaled-down copy: (α·d + β·s + γ·c) / (α + β + γ).
  const equal = { dense: 1, sparse: 1, colbert: 1 };
  const mean3 = (s.dense + s.sparse + s.colbert) / 3;
  const mean2 = (s.dense + s.sparse) / 2;
  it.each([
    ["1e308 each, whose sum overflows", { dense: 1e308, sparse: 1e308, colbert: 1e308 }],
    ["the largest double each", { dense: Number.MAX_VALUE, sparse: Number.MAX_VALUE, colbert: Number.MAX_VALUE }],
    ["5e-324 each, the smallest subnormal", { dense: 5e-324, sparse: 5e-324, colbert: 5e-324 }],
  ])("score %s as equal weights", (_, w) => {
    const c = combineScores(s, w);
    expect(c.hybrid).toBeCloseTo(mean3, 12);
    expect(c["sparse+dense"]).toBeCloseTo(mean2, 12);
    expect(normaliseWeights(w)).toEqual(normaliseWeights(equal));
  });
  it("score mixed extremes as their ratios: 1e308 beside 5e-324 leaves only the large weights", () => {
    const c = combineScores(s, { dense: 1e308, sparse: 5e-324, colbert: 1e308 });
    expect(c.hybrid).toBeCloseTo((s.dense + s.colbert) / 2, 12);
    expect(c["sparse+dense"]).toBeCloseTo(s.dense, 12);
    expect(combineScores(s, { dense: 3e307, sparse: 1e307, colbert: 0 }).hybrid).toBeCloseTo(
      (3 * s.dense + s.sparse) / 4,
      12,
    );
    expect(sparseDenseScore(s, { dense: 0, sparse: 5e-324, colbert: 1 })).toBeCloseTo(s.sparse, 12);
  });
});
