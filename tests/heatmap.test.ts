import { describe, expect, it } from "vitest";
import { blockMaxima } from "@/lib/m3/block-max";
import { binGrid, heatInk, heatRgb, isMarked, matrixGrid, maxSimGrid, overviewGrid } from "@/lib/ui/heatmap";

describe("the heatmap data model", () => {
  it("reads a MaxSim matrix with each row's best match marked and the range over every value", () => {
    const g = maxSimGrid([
      [0.1, 0.9, 0.3],
      [0.5, 0.2, 0.7],
    ]);
    expect([g.rows, g.cols, g.min, g.max]).toEqual([2, 3, 0.1, 0.9]);
    expect(Array.from(g.rowMaxCol)).toEqual([1, 2]);
    expect(isMarked(g, 0, 1)).toBe(true);
    expect(isMarked(g, 1, 1)).toBe(false);
  });

  it("leaves gaps for ragged rows and non-numbers, and a [0, 1] range when there is no value", () => {
    const g = maxSimGrid([[0.4, Number.NaN], [0.6]]);
    expect(Number.isNaN(g.data[1]!)).toBe(true);
    expect(Number.isNaN(g.data[3]!)).toBe(true);
    expect(Array.from(g.rowMaxCol)).toEqual([0, 0]);
    const empty = maxSimGrid([[]]);
    expect([empty.min, empty.max, empty.rowMaxCol[0]]).toEqual([0, 1, -1]);
  });

  it("reads decoded float32 cells in place as the same grid its rows give, non-finite cells as gaps", () => {
    const rows = [
      [0.25, 0.5, Number.NaN],
      [0.75, Number.POSITIVE_INFINITY, 0.125],
    ];
    const data = Float32Array.from(rows.flat());
    const g = maxSimGrid({ rows: 2, cols: 3, data });
    const fromRows = maxSimGrid(rows);
    expect(g.data).toBe(data);
    expect(Array.from(g.data)).toEqual(Array.from(fromRows.data));
    expect([g.rows, g.cols, g.min, g.max, g.marks]).toEqual([2, 3, 0.125, 0.75, "row-best"]);
    expect(Array.from(g.rowMaxCol)).toEqual(Array.from(fromRows.rowMaxCol));
    expect(Array.from(g.rowMaxCol)).toEqual([1, 0]);
  });

  it("marks a text matrix's diagonal and spans its colours over the other cells", () => {
    const g = matrixGrid(Float64Array.from([1, 0.2, 0.6, 1]), 2);
    expect([g.min, g.max]).toEqual([0.2, 0.6]);
    expect(isMarked(g, 1, 1)).toBe(true);
    expect(isMarked(g, 0, 1)).toBe(false);
  });

  it("reduces a grid to blocks that keep their largest cell, where it came from, and the source range", () => {
    const values = [
      [0.1, 0.2, 0.3, 0.4],
      [0.5, 0.9, 0.0, 0.8],
      [0.3, 0.3, 0.2, 0.1],
    ];
    const b = binGrid(maxSimGrid(values), 2);
    expect([b.rows, b.cols, b.rowsPerBin, b.colsPerBin]).toEqual([2, 2, 2, 2]);
    expect(Array.from(b.data)).toEqual([0.9, 0.8, 0.3, 0.2]);
    expect([b.argRow[0], b.argCol[0], b.argRow[1], b.argCol[1]]).toEqual([1, 1, 1, 3]);
    expect([b.min, b.max]).toEqual([0, 0.9]);
    expect(Array.from(b.rowMaxCol)).toEqual([0, 0]);
  });

  it("keeps the grid's own values with one cell per block", () => {
    const g = maxSimGrid([[0.1, 0.2]]);
    expect(Array.from(binGrid(g, 400).data)).toEqual([0.1, 0.2]);
  });

  it("reads the server's overview of an omitted matrix as blocks that point at their first cell", () => {
    const o = overviewGrid(
      [
        [0.2, 0.7],
        [0.9, 0.1],
      ],
      40,
      30,
    );
    expect([o.rows, o.cols, o.rowsPerBin, o.colsPerBin, o.min, o.max]).toEqual([2, 2, 40, 30, 0.1, 0.9]);
    expect(Array.from(o.rowMaxCol)).toEqual([1, 0]);
    expect([o.argRow[3], o.argCol[3]]).toEqual([40, 30]);
  });
});

describe("block maxima", () => {
  it("give no blocks for an empty matrix, and skip NaN gaps", () => {
    expect(blockMaxima(0, 0, [], 4).data.length).toBe(0);
    const b = blockMaxima(1, 3, [Number.NaN, 0.2, Number.NaN], 1);
    expect([b.data[0], b.argRow[0], b.argCol[0]]).toEqual([0.2, 0, 1]);
    expect(Number.isNaN(blockMaxima(1, 1, [Number.NaN], 1).data[0]!)).toBe(true);
  });

  it("cut uneven sides into at most maxBlocks blocks, the last block shorter", () => {
    const b = blockMaxima(5, 1, [1, 2, 3, 4, 5], 2);
    expect([b.rows, b.rowsPerBlock]).toEqual([2, 3]);
    expect(Array.from(b.data)).toEqual([3, 5]);
  });
});

describe("the ink written on a heat colour", () => {
  const luminance = (rgb: readonly number[]) => {
    const [r, g, b] = rgb.map((c) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const contrast = (x: number, y: number) => (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);

  it("reaches WCAG AA's 4.5:1 on every colour of the scale", () => {
    for (let k = 0; k <= 200; k++) {
      const t = k / 200;
      const ink = heatInk(t) === "#000" ? 0 : 1;
      expect(contrast(luminance(heatRgb(t)), ink), `t = ${t}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("is black on the palest colour and white on the deepest", () => {
    expect([heatInk(0), heatInk(1)]).toEqual(["#000", "#fff"]);
  });
});
