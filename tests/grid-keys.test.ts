import { describe, expect, it } from "vitest";
import { gridKeyStep } from "@/lib/ui/grid-keys";

describe("reading a heatmap with the keyboard", () => {
  it("moves one cell per arrow key", () => {
    expect(gridKeyStep("ArrowDown", 1, 1, 3, 4)).toEqual({ row: 2, col: 1 });
    expect(gridKeyStep("ArrowUp", 1, 1, 3, 4)).toEqual({ row: 0, col: 1 });
    expect(gridKeyStep("ArrowLeft", 1, 1, 3, 4)).toEqual({ row: 1, col: 0 });
    expect(gridKeyStep("ArrowRight", 1, 1, 3, 4)).toEqual({ row: 1, col: 2 });
  });
  it("stays inside the grid at its edges", () => {
    expect(gridKeyStep("ArrowUp", 0, 0, 3, 4)).toEqual({ row: 0, col: 0 });
    expect(gridKeyStep("ArrowRight", 2, 3, 3, 4)).toEqual({ row: 2, col: 3 });
  });
  it("jumps to the row's ends with Home and End only when asked", () => {
    expect(gridKeyStep("Home", 1, 2, 3, 4, true)).toEqual({ row: 1, col: 0 });
    expect(gridKeyStep("End", 1, 0, 3, 4, true)).toEqual({ row: 1, col: 3 });
    expect(gridKeyStep("End", 1, 0, 3, 4)).toBeNull();
  });
  it("leaves other keys to the caller", () => {
    expect(gridKeyStep("Enter", 0, 0, 3, 4)).toBeNull();
  });
});
