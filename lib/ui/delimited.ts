/**
 * CSV and TSV reading (RFC 4180, papaparse) for files the pages take in: quoted fields, doubled quotes, the delimiter
 * and line breaks inside quotes, in either format. The writer is `csv.ts`.
 */
import Papa from "papaparse";

export type Delimiter = "," | "\t";

/** A record: its fields and the 1-based line it starts on. */
export interface DelimitedRecord {
  line: number;
  fields: string[];
}

/** A row whose quoted field is never closed, or whose closing quote is not followed by the delimiter or a line end. */
export interface DelimitedProblem {
  line: number;
  kind: "unclosedQuote";
}

export type DelimitedRead = { ok: true; records: DelimitedRecord[] } | { ok: false; problems: DelimitedProblem[] };

const newlines = (s: string) => s.split("\n").length - 1;

/** The 1-based line each row starts on, and the line after the last. */
function startLines(rows: readonly string[][]): { lines: number[]; end: number } {
  const lines: number[] = [];
  let line = 1;
  for (const fields of rows) {
    lines.push(line);
    line += 1 + fields.reduce((n, f) => n + newlines(f), 0);
  }
  return { lines, end: line };
}

/**
 * The records of a CSV or TSV text, skipping blank lines and rows of empty fields (a spreadsheet's empty rows);
 * else every row with a quote problem, by the line its record starts on.
 */
export function readDelimited(text: string, delimiter: Delimiter): DelimitedRead {
  // Line ends become LF first, so a file may mix CRLF, LF and CR, and a quoted line break reads as the LF a text box holds.
  const parsed = Papa.parse<string[]>(text.replace(/\r\n?/g, "\n"), { delimiter, newline: "\n", quoteChar: '"' });
  const { lines, end } = startLines(parsed.data);
  const quoteRows = new Set(parsed.errors.flatMap((e) => (e.type === "Quotes" && e.row !== undefined ? [e.row] : [])));
  if (quoteRows.size)
    return {
      ok: false,
      problems: [...quoteRows].sort((x, y) => x - y).map((row) => ({ line: lines[row] ?? end, kind: "unclosedQuote" })),
    };
  const records = parsed.data
    .map((fields, row) => ({ line: lines[row]!, fields }))
    .filter((r) => r.fields.some((f) => f !== ""));
  return { ok: true, records };
}
