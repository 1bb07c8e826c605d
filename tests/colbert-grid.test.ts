/** colbertGrid: many pairs' ColBERT scores from one stacked MaxSim product, equal to each pair's own matrix's. */
import { describe, expect, it } from "vitest";
import { colbertScoreFromMatrix, maxSimMatrix } from "@/lib/m3/colbert";
import { addBlockRowMaxima, colbertGrid, stackVectors } from "@/lib/m3/colbert-grid";
import type { MaxSimMatrix, MultiVector } from "@/lib/m3/types";
import { l2NormaliseInPlace } from "@/lib/m3/vector";
import { rng } from "./helpers/rng";

const DIM = 8;

function randomVectors(rows: number, seed: number): MultiVector {
  const r = rng(seed);
  const data = Float32Array.from({ length: rows * DIM }, () => r() - 0.5);
  for (let i = 0; i < rows; i++) l2NormaliseInPlace(data, i * DIM, DIM);
  return { rows, dim: DIM, data };
}

const QUERIES = [3, 1, 0, 5].map((rows, i) => randomVectors(rows, 10 + i));
const TEXTS = [4, 0, 2, 6, 1].map((rows, i) => randomVectors(rows, 20 + i));

/** Each pair on its own, as /api/similarity scores it. */
const perPair = (queries: readonly MultiVector[], texts: readonly MultiVector[]) =>
  queries.map((q) => texts.map((t) => colbertScoreFromMatrix(maxSimMatrix(q, t))));

/** maxSimMatrix behind a promise, counting its calls and the most cells one call made. */
function countingMaxSim() {
  const seen = { calls: 0, maxCells: 0 };
  const maxSim = async (a: MultiVector, b: MultiVector): Promise<MaxSimMatrix> => {
    seen.calls++;
    seen.maxCells = Math.max(seen.maxCells, a.rows * b.rows);
    return maxSimMatrix(a, b);
  };
  return { seen, maxSim };
}

describe("addBlockRowMaxima", () => {
  it("adds each row's maximum within each text's columns to its query's sum", () => {
    // Queries: rows 0–1 and row 2. Texts: column 0, and columns 1–3.
    const m: MaxSimMatrix = {
      rows: 3,
      cols: 4,
      data: Float32Array.from([0.5, 0.125, 0.875, -0.25, -0.375, 0.5, 0.25, 0, 0.25, -1, -0.5, -0.75]),
    };
    const sums = new Float64Array(4);
    addBlockRowMaxima(m, 0, Int32Array.from([0, 2, 3]), Int32Array.from([0, 1, 4]), sums);
    expect([...sums]).toEqual([0.5 + -0.375, 0.875 + 0.5, 0.25, -0.5]);
  });

  it("places a slice's rows by firstRow, in the query that holds them", () => {
    const slice: MaxSimMatrix = { rows: 1, cols: 2, data: Float32Array.from([0.5, 0.25]) };
    const sums = new Float64Array(4);
    addBlockRowMaxima(slice, 2, Int32Array.from([0, 2, 3]), Int32Array.from([0, 1, 2]), sums);
    expect([...sums]).toEqual([0, 0, 0.5, 0.25]);
  });
});

describe("stackVectors", () => {
  it("stacks rows in order and records where each text starts", () => {
    const s = stackVectors(QUERIES, DIM);
    expect([...s.starts]).toEqual([0, 3, 4, 4, 9]);
    expect(s.vectors.rows).toBe(9);
    expect(s.vectors.data.subarray(4 * DIM, 9 * DIM)).toEqual(QUERIES[3]!.data);
  });

  it("refuses vectors of another dimension", () => {
    expect(() => stackVectors([randomVectors(2, 1)], DIM + 1)).toThrow(RangeError);
  });
});

describe("colbertGrid", () => {
  it("equals every pair's own ColBERT score bit for bit, 0 where a side has no vectors, from one product", async () => {
    const { seen, maxSim } = countingMaxSim();
    const grid = await colbertGrid(QUERIES, TEXTS, maxSim);
    expect(grid.map((row) => [...row])).toEqual(perPair(QUERIES, TEXTS));
    expect(grid[2]!.every((v) => v === 0)).toBe(true);
    expect(grid.map((row) => row[1])).toEqual([0, 0, 0, 0]);
    expect(seen.calls).toBe(1);
  });

  it("in row slices of at most sliceCells cells, cutting through queries, gives the same scores", async () => {
    const { seen, maxSim } = countingMaxSim();
    const textRows = TEXTS.reduce((s, t) => s + t.rows, 0);
    const grid = await colbertGrid(QUERIES, TEXTS, maxSim, { sliceCells: 2 * textRows });
    expect(grid.map((row) => [...row])).toEqual(perPair(QUERIES, TEXTS));
    expect(seen).toEqual({ calls: 5, maxCells: 2 * textRows });
  });

  it("is not symmetric: the queries are the side averaged over", async () => {
    const { maxSim } = countingMaxSim();
    const [a, b] = [randomVectors(6, 1), randomVectors(2, 2)];
    const [ab, ba] = [await colbertGrid([a], [b], maxSim), await colbertGrid([b], [a], maxSim)];
    expect(ab[0]![0]).toBe(colbertScoreFromMatrix(maxSimMatrix(a, b)));
    expect(ba[0]![0]).toBe(colbertScoreFromMatrix(maxSimMatrix(b, a)));
    expect(ab[0]![0]).not.toBe(ba[0]![0]);
  });

  it("awaits afterSlice after each product, so a caller can stop it", async () => {
    const { maxSim } = countingMaxSim();
    let slices = 0;
    const stop = async () => {
      if (++slices === 2) throw new Error("cancelled");
    };
    await expect(colbertGrid(QUERIES, TEXTS, maxSim, { sliceCells: 1, afterSlice: stop })).rejects.toThrow("cancelled");
    expect(slices).toBe(2);
  });
});
