import { describe, expect, it } from "vitest";
import { simplexGrid } from "@/lib/m3/simplex";
import { simplexEdges } from "@/lib/m3/simplex-edges";

describe("the simplex's edges", () => {
  const grid = simplexGrid(0.25).map((weights) => ({ weights, value: weights.dense + 2 * weights.sparse }));
  const edges = simplexEdges(grid);

  it("are the grid points with one weight 0, from the first mode alone to the second alone", () => {
    expect(edges.map((e) => `${e.from}→${e.to}`)).toEqual(["dense→sparse", "sparse→colbert", "colbert→dense"]);
    for (const e of edges) {
      expect(e.points.map((p) => p.t)).toEqual([0, 0.25, 0.5, 0.75, 1]);
      for (const p of e.points) {
        const w = grid[p.index]!.weights;
        expect(w[e.to]).toBe(p.t);
        expect(w[e.from]).toBe(1 - p.t);
      }
    }
  });

  it("carry each point's metric", () => {
    expect(edges[0]!.points.map((p) => p.value)).toEqual([1, 1.25, 1.5, 1.75, 2]);
    expect(edges[2]!.points.map((p) => p.value)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});
