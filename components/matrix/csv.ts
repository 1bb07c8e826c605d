/** The matrix export as CSV. */
import { type CsvValue, csvText } from "@/lib/ui/csv";

/**
 * An n×n matrix as CSV: a header row with a corner label and the texts, then one row per text (the row text first).
 * `values` is row-major.
 */
export function matrixCsv(corner: string, texts: readonly string[], values: ArrayLike<number>): string {
  const n = texts.length;
  if (values.length !== n * n) throw new RangeError(`matrix has ${values.length} cells, expected ${n}×${n}`);
  const rows: CsvValue[][] = [[corner, ...texts]];
  for (let i = 0; i < n; i++) {
    const row: CsvValue[] = [texts[i]!];
    for (let j = 0; j < n; j++) row.push(Number(values[i * n + j]!.toFixed(7)));
    rows.push(row);
  }
  return csvText(rows);
}
