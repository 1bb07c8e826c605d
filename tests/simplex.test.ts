import { describe, expect, it } from "vitest";
import { simplexDivisions, simplexGrid, simplexSize } from "@/lib/m3/simplex";

const triple = (w: { dense: number; sparse: number; colbert: number }) => [w.dense, w.sparse, w.colbert];

describe("simplexGrid", () => {
  it("lists the 6 points of step 0.5 in the order dense descending, then sparse descending", () => {
    expect(simplexGrid(0.5).map(triple)).toEqual([
      [1, 0, 0],
      [0.5, 0.5, 0],
      [0.5, 0, 0.5],
      [0, 1, 0],
      [0, 0.5, 0.5],
      [0, 0, 1],
    ]);
  });

  it("has (n+1)(n+2)/2 points: 3 at step 1, 66 at step 0.1, 231 at step 0.05", () => {
    expect(simplexGrid(1).map(triple)).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(simplexGrid(0.1)).toHaveLength(66);
    expect(simplexGrid(0.05)).toHaveLength(231);
    expect(simplexSize(20)).toBe(231);
  });

  it("keeps the order strictly: dense never rises, and sparse falls within equal dense", () => {
    const g = simplexGrid(0.05);
    for (let i = 1; i < g.length; i++) {
      const [a, b] = [g[i - 1]!, g[i]!];
      expect(b.dense < a.dense || (b.dense === a.dense && b.sparse < a.sparse)).toBe(true);
    }
  });

  it("builds weights from whole counts, so there is no drift: 0.3 is exactly 0.3, not 0.1 + 0.1 + 0.1", () => {
    const g = simplexGrid(0.1);
    expect(0.1 + 0.1 + 0.1).not.toBe(0.3);
    expect(g.some((w) => w.dense === 0.3 && w.sparse === 0.6 && w.colbert === 0.1)).toBe(true);
    for (const w of g) {
      for (const v of triple(w))
        expect(Number.isInteger(Math.round(v * 10)) && v === Math.round(v * 10) / 10).toBe(true);
      expect(Math.abs(w.dense + w.sparse + w.colbert - 1)).toBeLessThan(1e-12);
    }
  });

  it("lists every point once", () => {
    const keys = simplexGrid(0.05).map((w) => triple(w).join("/"));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("simplexDivisions", () => {
  it("accepts steps that divide 1, typed as decimals", () => {
    expect(simplexDivisions(0.1)).toBe(10);
    expect(simplexDivisions(0.05)).toBe(20);
    expect(simplexDivisions(0.25)).toBe(4);
    expect(simplexDivisions(0.01)).toBe(100);
  });

  it("refuses a step that does not divide 1, is not positive, or is finer than 0.01", () => {
    for (const bad of [0.3, 0.15, 0, -0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 0.005]) {
      expect(() => simplexDivisions(bad), String(bad)).toThrow(RangeError);
    }
  });
});
