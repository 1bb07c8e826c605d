import { describe, expect, it } from "vitest";
import {
  type BatchTiming,
  fitSpeed,
  predictBatchMs,
  predictTextsMs,
  SPEED_HISTORY,
  SpeedEstimator,
} from "@/lib/api/speed";
import { rng } from "./helpers/rng";

/** A batch of `rows` texts padded to `seq` tokens that took exactly a·rows·seq + b·rows·seq² ms. */
function batch(rows: number, seq: number, a: number, b: number, noise = 0): BatchTiming {
  return { rows, paddedTokens: rows * seq, ms: (a * rows * seq + b * rows * seq * seq) * (1 + noise) };
}

/** Batches with a mix of row counts and lengths from 16 to 8192 tokens. */
function mixedBatches(a: number, b: number, n: number, noise = 0, seed = 7): BatchTiming[] {
  const random = rng(seed);
  return Array.from({ length: n }, () => {
    const seq = Math.round(16 * 2 ** (random() * 9));
    const rows = Math.max(1, Math.floor(16384 / seq / (1 + 3 * random())));
    return batch(Math.min(rows, 64), seq, a, b, noise * (2 * random() - 1));
  });
}

describe("fitSpeed", () => {
  it("has no estimate before any batch ran", () => {
    const fit = fitSpeed([]);
    expect(fit).toEqual({ samples: 0, fit: "none", ms_per_token: null, ms_per_token_squared: null });
    expect(predictBatchMs(fit, 1, 8192)).toBeNull();
    expect(predictTextsMs(fit, [8192, 312])).toBeNull();
  });

  it("recovers both coefficients of noiseless batches of mixed lengths", () => {
    const a = 0.35;
    const b = 2.4e-5;
    const fit = fitSpeed(mixedBatches(a, b, 40));
    expect(fit.fit).toBe("quadratic");
    expect(fit.samples).toBe(40);
    expect(fit.ms_per_token).toBeCloseTo(a, 9);
    expect(fit.ms_per_token_squared).toBeCloseTo(b, 12);
  });

  it("stays within a few percent of the truth with ±10% noise, and predicts an 8,192-token text", () => {
    const a = 4.9;
    const b = 1.38e-3;
    const fit = fitSpeed(mixedBatches(a, b, 200, 0.1, 11));
    expect(fit.fit).toBe("quadratic");
    const truth = a * 8192 + b * 8192 ** 2;
    const predicted = predictBatchMs(fit, 1, 8192)!;
    expect(Math.abs(predicted / truth - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.ms_per_token_squared! / b - 1)).toBeLessThan(0.1);
  });

  it("falls back to a·tokens when every batch has the same length (the two terms cannot be told apart)", () => {
    const a = 0.5;
    const b = 1e-3;
    const batches = [1, 2, 4, 8].map((rows) => batch(rows, 100, a, b));
    const fit = fitSpeed(batches);
    expect(fit.fit).toBe("linear");
    expect(fit.ms_per_token_squared).toBe(0);
    // At that one length, a·tokens is exact: a + b·100 per token.
    expect(fit.ms_per_token).toBeCloseTo(a + b * 100, 12);
    expect(predictBatchMs(fit, 3, 100)).toBeCloseTo(3 * 100 * (a + b * 100), 9);
  });

  it("falls back to a·tokens when lengths differ by less than a factor of two", () => {
    const fit = fitSpeed([batch(1, 10, 0.5, 1e-3), batch(1, 12, 0.5, 1e-3), batch(2, 15, 0.5, 1e-3)]);
    expect(fit.fit).toBe("linear");
  });

  it("falls back to a·tokens with fewer than three batches", () => {
    const fit = fitSpeed([batch(1, 16, 0.5, 1e-3), batch(1, 4096, 0.5, 1e-3)]);
    expect(fit.fit).toBe("linear");
    expect(fit.samples).toBe(2);
  });

  it("never returns a negative coefficient: a fixed cost per batch bends the curve down, and b is then 0", () => {
    // 20 ms of overhead per batch plus 0.5 ms per token: concave in tokens, so unconstrained least squares gives b < 0.
    const batches = [16, 64, 256, 1024, 4096].map((seq) => ({ rows: 1, paddedTokens: seq, ms: 20 + 0.5 * seq }));
    const fit = fitSpeed(batches);
    expect(fit.ms_per_token_squared).toBe(0);
    expect(fit.ms_per_token).toBeGreaterThan(0.5);
    expect(fit.fit).toBe("linear");
  });

  it("uses rows × longest for the linear term and rows × longest² for the quadratic one", () => {
    const fit = { samples: 10, fit: "quadratic" as const, ms_per_token: 2, ms_per_token_squared: 0.01 };
    expect(predictBatchMs(fit, 4, 100)).toBeCloseTo(2 * 400 + 0.01 * 4 * 100 * 100, 9);
    // Each text of a pair as its own batch of one.
    expect(predictTextsMs(fit, [100, 10])).toBeCloseTo(2 * 100 + 0.01 * 1e4 + 2 * 10 + 0.01 * 100, 9);
  });

  it("ignores batches with no rows, no tokens or a time that is not a finite non-negative number", () => {
    const good = mixedBatches(0.3, 1e-5, 5);
    const bad: BatchTiming[] = [
      { rows: 0, paddedTokens: 0, ms: 3 },
      { rows: 1, paddedTokens: 10, ms: Number.NaN },
      { rows: 1, paddedTokens: 10, ms: -1 },
      { rows: 1, paddedTokens: 10, ms: Number.POSITIVE_INFINITY },
    ];
    const fit = fitSpeed([...good, ...bad]);
    expect(fit.samples).toBe(5);
    expect(fit.ms_per_token).toBeCloseTo(0.3, 9);
  });
});

describe("SpeedEstimator", () => {
  it("keeps only the last SPEED_HISTORY batches, so the machine's current speed wins", () => {
    const estimator = new SpeedEstimator();
    for (const b of mixedBatches(5, 1e-3, SPEED_HISTORY, 0, 1)) estimator.observe(b);
    for (const b of mixedBatches(0.5, 1e-4, SPEED_HISTORY, 0, 2)) estimator.observe(b);
    const fit = estimator.current();
    expect(fit.samples).toBe(SPEED_HISTORY);
    expect(fit.ms_per_token).toBeCloseTo(0.5, 9);
    expect(fit.ms_per_token_squared).toBeCloseTo(1e-4, 12);
  });

  it("reports no estimate until its first batch, then a linear one", () => {
    const estimator = new SpeedEstimator();
    expect(estimator.current().fit).toBe("none");
    estimator.observe(batch(2, 50, 1, 0));
    expect(estimator.current()).toEqual({ samples: 1, fit: "linear", ms_per_token: 1, ms_per_token_squared: 0 });
  });
});
