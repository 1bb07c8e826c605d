import type { CSSProperties } from "react";
import { cn } from "@/lib/ui/cn";
import { SPACE_LABEL } from "@/lib/ui/tokens";
import type { HeatAxis, HeatSelection } from "./heat-axis";

/**
 * A row's or a column's header, which selects that line when clicked. A column of numbered items shows only its
 * number. `tabbable` puts it in the tab order: a DOM grid's few headers are, a canvas's hundreds are not (its keyboard
 * path is the cells, whose names carry both labels).
 */
export function LineLabel({
  side,
  axis,
  index,
  onSelect,
  className,
  style,
  tabbable = false,
}: {
  side: "row" | "col";
  axis: HeatAxis;
  index: number;
  onSelect: (s: HeatSelection) => void;
  className?: string;
  style?: CSSProperties;
  tabbable?: boolean;
}) {
  const text = axis.labels[index];
  const row = side === "row";
  return (
    <button
      type="button"
      tabIndex={tabbable ? undefined : -1}
      data-testid={`heatmap-${side}-label`}
      {...(row ? { "data-row": index, "data-rh": index } : { "data-col": index, "data-ch": index })}
      title={text}
      onClick={(e) => {
        e.stopPropagation();
        onSelect(row ? { row: index, col: null } : { row: null, col: index });
      }}
      className={cn(
        "cursor-pointer overflow-hidden rounded text-xs outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset",
        !row && "text-ellipsis whitespace-nowrap tabular-nums [text-orientation:mixed] [writing-mode:vertical-rl]",
        // Tokens sit right, against their row; numbered texts read from the left, numbers in a column.
        row &&
          (axis.numbered
            ? "flex items-center justify-start gap-1.5 text-left"
            : "flex items-center justify-end gap-1.5 text-right"),
        className,
      )}
      style={style}
    >
      {!row && (axis.numbered ? index : <ColumnText text={text ?? ""} />)}
      {row && axis.numbered && <span className="shrink-0 text-[10px] text-slate-500 tabular-nums">#{index}</span>}
      {row && <span className="truncate">{text}</span>}
    </button>
  );
}

/** A rotated column header's text; ␣ stands upright, since turned on its side it reads as "c". */
function ColumnText({ text }: { text: string }) {
  return text === SPACE_LABEL ? <span className="[text-orientation:upright]">{text}</span> : text;
}
