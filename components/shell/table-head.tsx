import { cn } from "@/lib/ui/cn";

/** A column's header: its words, right-aligned where the column holds numbers; `className` adds (say, `hidden`). */
export interface TableColumn {
  label: string;
  numeric?: boolean;
  className?: string;
}

/** A table's header row: one `<th scope="col">` a column, each with the table's cell padding `cell`. */
export function TableHead({
  columns,
  cell,
  className,
}: {
  columns: readonly TableColumn[];
  cell: string;
  className?: string;
}) {
  return (
    <thead className={className}>
      <tr>
        {columns.map((c) => (
          <th
            key={c.label}
            scope="col"
            className={cn(cell, "font-medium", c.numeric ? "text-right" : "text-left", c.className)}
          >
            {c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
