"use client";
/**
 * Pointer, keyboard and tooltip for a heatmap renderer, in the renderer's own cell coordinates. The pointer's cell
 * (`hover`) and the keyboard's (`active`, moved by the arrow keys, Home and End) are kept apart; the tooltip follows
 * whichever moved last. Enter or Space picks the active cell, Escape hides the tooltip.
 */
import { type KeyboardEvent, useRef, useState } from "react";
import { gridKeyStep } from "@/lib/ui/grid-keys";
import type { HeatCell } from "./heat-axis";
import type { TipAnchor } from "./heatmap-tooltip";

interface CursorTip {
  cell: HeatCell;
  anchor: TipAnchor;
  byKeys: boolean;
}

export interface HeatCursorOptions {
  rows: number;
  cols: number;
  /** Where a cell is in the viewport, for the tooltip; null when it is not drawn. */
  anchor: (cell: HeatCell) => TipAnchor | null;
  /** Scrolls a cell into view. */
  reveal: (cell: HeatCell) => void;
  /** A click, Enter or Space on a cell. */
  onPick: (cell: HeatCell) => void;
}

const same = (x: HeatCell | null, y: HeatCell | null) => x?.row === y?.row && x?.col === y?.col;

export function useHeatCursor({ rows, cols, anchor, reveal, onPick }: HeatCursorOptions) {
  const [hover, setHover] = useState<HeatCell | null>(null);
  const [active, setActive] = useState<HeatCell | null>(null);
  const [tip, setTip] = useState<CursorTip | null>(null);
  const anchorRef = useRef(anchor);
  anchorRef.current = anchor;

  const show = (cell: HeatCell, byKeys: boolean) => {
    const at = anchorRef.current(cell);
    setTip(at ? { cell, anchor: at, byKeys } : null);
  };

  const point = (cell: HeatCell | null) => {
    if (same(cell, hover)) return;
    setHover(cell);
    if (cell) show(cell, false);
    else setTip(null);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // Keys on a header's own button are that button's.
    if (e.target !== e.currentTarget) return;
    const from = active ?? { row: 0, col: 0 };
    const step = gridKeyStep(e.key, from.row, from.col, rows, cols, true);
    if (step) {
      e.preventDefault();
      setActive(step);
      reveal(step);
      show(step, true);
    } else if ((e.key === "Enter" || e.key === " ") && active) {
      e.preventDefault();
      onPick(active);
    } else if (e.key === "Escape") setTip(null);
  };

  const pick = (cell: HeatCell) => {
    setActive(cell);
    onPick(cell);
  };

  // A scroll moves the cells: the keyboard's tooltip follows its cell, the pointer's is no longer under the pointer.
  const onScroll = () =>
    setTip((t) => {
      const at = t?.byKeys ? anchorRef.current(t.cell) : null;
      return t && at ? { ...t, anchor: at } : null;
    });

  return {
    hover,
    active,
    tip,
    point,
    pick,
    onKeyDown,
    onScroll,
    leave: () => {
      setHover(null);
      setTip(null);
    },
    hideTip: () => setTip(null),
  };
}
