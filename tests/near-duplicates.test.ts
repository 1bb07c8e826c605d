import { describe, expect, it } from "vitest";
import { colbertBothWays, colbertScore } from "@/lib/m3/colbert";
import { hybridScores } from "@/lib/m3/hybrid";
import { nearDuplicateGroups } from "@/lib/m3/near-duplicates";
import type { MultiVector } from "@/lib/m3/types";

/** Row-major n×n matrix from nested rows. */
const flat = (rows: number[][]) => Float64Array.from(rows.flat());

describe("nearDuplicateGroups", () => {
  it("joins chains into one group (single linkage) and leaves singletons out", () => {
    // 0–1 and 1–2 reach 0.8, 0–2 does not; 3–4 link; 5 links to nobody.
    const m = flat([
      [1, 0.9, 0.1, 0, 0, 0],
      [0.9, 1, 0.85, 0, 0, 0],
      [0.1, 0.85, 1, 0, 0, 0],
      [0, 0, 0, 1, 0.95, 0.2],
      [0, 0, 0, 0.95, 1, 0.3],
      [0, 0, 0, 0.2, 0.3, 1],
    ]);
    expect(nearDuplicateGroups(m, 6, 0.8)).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it("links a pair only when both directions reach the threshold (asymmetric ColBERT)", () => {
    const m = flat([
      [1, 0.9],
      [0.7, 1],
    ]);
    expect(nearDuplicateGroups(m, 2, 0.8)).toEqual([]);
    expect(nearDuplicateGroups(m, 2, 0.7)).toEqual([[0, 1]]);
  });

  it("includes a score equal to the threshold", () => {
    expect(
      nearDuplicateGroups(
        flat([
          [1, 0.5],
          [0.5, 1],
        ]),
        2,
        0.5,
      ),
    ).toEqual([[0, 1]]);
  });

  it("orders groups largest first, then by their first text", () => {
    const n = 7;
    const m = new Float64Array(n * n);
    const link = (i: number, j: number) => {
      m[i * n + j] = 1;
      m[j * n + i] = 1;
    };
    link(5, 6);
    link(0, 4);
    link(1, 2);
    link(2, 3);
    expect(nearDuplicateGroups(m, n, 0.5)).toEqual([
      [1, 2, 3],
      [0, 4],
      [5, 6],
    ]);
  });

  it("ignores the diagonal and finds nothing for 0 or 1 texts or a NaN threshold", () => {
    expect(nearDuplicateGroups(flat([[1]]), 1, 0.5)).toEqual([]);
    expect(nearDuplicateGroups(new Float64Array(0), 0, 0.5)).toEqual([]);
    expect(
      nearDuplicateGroups(
        flat([
          [1, 1],
          [1, 1],
        ]),
        2,
        Number.NaN,
      ),
    ).toEqual([]);
  });

  it("refuses a matrix that is not n×n", () => {
    expect(() => nearDuplicateGroups(new Float64Array(3), 2, 0.5)).toThrow(RangeError);
  });
});

function multi(rows: number[][]): MultiVector {
  return { rows: rows.length, dim: rows[0]?.length ?? 2, data: Float32Array.from(rows.flat()) };
}

describe("colbertBothWays", () => {
  it("equals colbertScore in both directions without storing the MaxSim matrix", () => {
    const a = multi([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    const b = multi([
      [0.6, 0.8, 0],
      [0, 0, 1],
      [0.8, 0, 0.6],
    ]);
    const { ab, ba } = colbertBothWays(a, b);
    // a→b: row 1 best 0.8 (b2), row 2 best 0.8 (b0) → 0.8. b→a: 0.8, 0, 0.8 → 1.6/3.
    expect(ab).toBeCloseTo(0.8, 6);
    expect(ba).toBeCloseTo(1.6 / 3, 6);
    expect(ab).toBe(colbertScore(a, b));
    expect(ba).toBe(colbertScore(b, a));
  });

  it("scores 0 both ways when a side has no vectors", () => {
    expect(colbertBothWays(multi([[1, 0]]), { rows: 0, dim: 2, data: new Float32Array(0) })).toEqual({ ab: 0, ba: 0 });
  });
});

describe("hybridScores on a matrix", () => {
  it("combines each cell with the weights divided by their sum", () => {
    const m = {
      n: 2,
      dense: flat([
        [1, 0.5],
        [0.5, 1],
      ]),
      sparse: flat([
        [0.3, 0.1],
        [0.1, 0.2],
      ]),
      colbert: flat([
        [1, 0.4],
        [0.6, 1],
      ]),
    };
    const h = hybridScores(m, { dense: 2, sparse: 1, colbert: 1 });
    expect(h[1]).toBeCloseTo(0.5 * 0.5 + 0.25 * 0.1 + 0.25 * 0.4, 14);
    expect(h[2]).toBeCloseTo(0.5 * 0.5 + 0.25 * 0.1 + 0.25 * 0.6, 14);
  });
});
