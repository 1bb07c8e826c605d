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

/**
 * A record with a quoted field that does not end as it should, by the line the record starts on. `unclosedQuote`: no
 * closing quote is followed by the delimiter or a line end, so the rest of the text was read as that field and nothing
 * after it can be checked. `textAfterQuote`: its closing quote is followed by other text, so the field was read on to
 * the next quote that is, and the records after that were read as usual.
 */
export interface DelimitedProblem {
  line: number;
  kind: "unclosedQuote" | "textAfterQuote";
}

/** The records read; on failure also every quote problem, whose records are left out. */
export type DelimitedRead =
  | { ok: true; records: DelimitedRecord[] }
  | { ok: false; records: DelimitedRecord[]; problems: DelimitedProblem[] };

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

/** One problem per row with quote errors; a row whose field never closes (MissingQuotes) is `unclosedQuote`. */
function quoteProblems(errors: readonly Papa.ParseError[], lineOf: (row: number) => number): DelimitedProblem[] {
  const kinds = new Map<number, DelimitedProblem["kind"]>();
  for (const e of errors) {
    if (e.type !== "Quotes" || e.row === undefined) continue;
    const kind = e.code === "MissingQuotes" ? "unclosedQuote" : "textAfterQuote";
    if (kind === "unclosedQuote" || !kinds.has(e.row)) kinds.set(e.row, kind);
  }
  return [...kinds].sort(([x], [y]) => x - y).map(([row, kind]) => ({ line: lineOf(row), kind }));
}

/**
 * The records of a CSV or TSV text, skipping blank lines and rows of empty fields (a spreadsheet's empty rows); when
 * some rows have a quote problem, each of them by the line its record starts on, and the other rows' records.
 */
export function readDelimited(text: string, delimiter: Delimiter): DelimitedRead {
  // Line ends become LF first, so a file may mix CRLF, LF and CR, and a quoted line break reads as the LF a text box holds.
  const parsed = Papa.parse<string[]>(text.replace(/\r\n?/g, "\n"), { delimiter, newline: "\n", quoteChar: '"' });
  const { lines, end } = startLines(parsed.data);
  const problems = quoteProblems(parsed.errors, (row) => lines[row] ?? end);
  const faulty = new Set(problems.map((p) => p.line));
  const records = parsed.data
    .map((fields, row) => ({ line: lines[row]!, fields }))
    .filter((r) => !faulty.has(r.line) && r.fields.some((f) => f !== ""));
  return problems.length ? { ok: false, records, problems } : { ok: true, records };
}
