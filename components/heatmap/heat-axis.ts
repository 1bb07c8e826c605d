/** What the heatmap renderers share besides the grid: the axes, the selection, and the props every renderer takes. */
import type { HeatGrid } from "@/lib/ui/heatmap";

/** The rows or the columns of a heatmap: the query tokens, the candidate tokens, the texts. */
export interface HeatAxis {
  /** What the axis holds, for the corner: "query ↓". */
  title: string;
  /** One label per row (column). */
  labels: readonly string[];
  /** True for numbered items (texts): headers read "#i", and a column header shows only its number. */
  numbered?: boolean;
}

/** A cell by its row and column in the grid. */
export interface HeatCell {
  row: number;
  col: number;
}

/** A selected row, column, or both (one cell), in grid coordinates. */
export interface HeatSelection {
  row: number | null;
  col: number | null;
}

export const NO_SELECTION: HeatSelection = Object.freeze({ row: null, col: null });

export interface HeatmapViewProps {
  grid: HeatGrid;
  rows: HeatAxis;
  cols: HeatAxis;
  selection: HeatSelection;
  /** A click or Enter on a cell selects both its row and column; a click on a header selects that line alone. */
  onSelect: (next: HeatSelection) => void;
  /** The accessible name of the whole heatmap. */
  label: string;
  /** Id of the text that explains how to use it (e.g. the keyboard hint). */
  describedBy?: string;
}

const snippet = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Item `i` as a tooltip or a cell's name reads it: the token, or "#i" and the start of the text. */
export function axisName(axis: HeatAxis, i: number): string {
  const label = snippet(axis.labels[i] ?? "", 28);
  return axis.numbered ? `#${i} ${label}` : label;
}
