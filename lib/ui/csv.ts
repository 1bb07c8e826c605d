/** CSV writing (RFC 4180) for the pages' exports: quoted fields, CRLF line ends, a BOM so Excel reads UTF-8. */
import { downloadText } from "./download";

export type CsvValue = string | number;

/**
 * One CSV field: quoted when it holds a comma, quote, CR or LF (quotes doubled). A text that starts with = + - @, a tab
 * or a CR gets a leading apostrophe, so a spreadsheet shows it instead of running it as a formula (OWASP CSV injection).
 * A number that is not finite is an empty field.
 */
export function csvField(value: CsvValue): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as a CSV file's text: a BOM, then each row's fields joined by commas, every line ending in CRLF. */
export function csvText(rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${rows.map((row) => `${row.map(csvField).join(",")}\r\n`).join("")}`;
}

/** Saves a CSV file's text (from `csvText`) as a UTF-8 file. */
export function downloadCsv(filename: string, csv: string): void {
  downloadText(filename, csv, "text/csv;charset=utf-8");
}
