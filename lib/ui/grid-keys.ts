/**
 * Keyboard reading of a heatmap grid: the cell an arrow key moves to, clamped to the grid.
 * With `homeEnd`, Home and End jump to the first and last column of the row.
 * Returns null for any other key, so the caller can handle Enter, Escape and the rest.
 */
export function gridKeyStep(
  key: string,
  row: number,
  col: number,
  rows: number,
  cols: number,
  homeEnd = false,
): { row: number; col: number } | null {
  const moves: Record<string, [number, number]> = {
    ArrowUp: [-1, 0],
    ArrowDown: [1, 0],
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1],
    ...(homeEnd ? { Home: [0, -col] as [number, number], End: [0, cols - 1 - col] as [number, number] } : {}),
  };
  const m = moves[key];
  if (!m) return null;
  return {
    row: Math.min(rows - 1, Math.max(0, row + m[0])),
    col: Math.min(cols - 1, Math.max(0, col + m[1])),
  };
}
