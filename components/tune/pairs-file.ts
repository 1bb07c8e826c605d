/**
 * Labelled pairs from a pasted or uploaded file: CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside
 * quotes), TSV (the same with tabs) or JSONL (one JSON object per line). CSV and TSV need a header row naming
 * `text_a`, `text_b` and `label` (any order, any case, extra columns ignored); JSONL objects carry those keys. `a` and
 * `b` are accepted for `text_a` and `text_b`, as the API names them. A label is a number ("4.5", "1") or a boolean.
 */
import { dataFileFormat } from "@/lib/ui/data-files";
import { type DelimitedProblem, type Delimiter, readDelimited } from "@/lib/ui/delimited";

export interface LabelledPair {
  a: string;
  b: string;
  label: number;
}

export type PairsFormat = "csv" | "tsv" | "jsonl";

/**
 * What can be wrong on a line; the page words each in its language: a quoted field as the drop box does
 * (`quote.*`, lib/i18n/messages/tools.ts), the rest as `tune.problem.*` (lib/i18n/messages/tune.ts).
 */
export type ParseProblemKind =
  | DelimitedProblem["kind"]
  | "labelNotNumber"
  | "emptyA"
  | "emptyB"
  | "noRows"
  | "noColumn"
  | "notObject";

/** What is wrong on one line (1-based): the kind, and the label or column it is about. */
export interface ParseProblem {
  line: number;
  kind: ParseProblemKind;
  /** The label as written (labelNotNumber) or the missing column's name (noColumn). */
  detail?: string;
}

export type PairsParse =
  | { ok: true; format: PairsFormat; pairs: LabelledPair[] }
  | { ok: false; format: PairsFormat; problems: ParseProblem[] };

class ParseError extends Error {
  constructor(readonly problems: ParseProblem[]) {
    super(problems[0]?.kind);
  }
}

const problem = (line: number, kind: ParseProblemKind, detail?: string) =>
  new ParseError([{ line, kind, ...(detail === undefined ? {} : { detail }) }]);

const byLine = (problems: ParseProblem[]) => problems.sort((x, y) => x.line - y.line);

/** Each row's pair; when some rows have none, or `known` lists problems, one ParseError listing them all by line. */
function pairsOf<R>(rows: readonly R[], pair: (row: R) => LabelledPair, known: ParseProblem[] = []): LabelledPair[] {
  const pairs: LabelledPair[] = [];
  const problems = [...known];
  for (const row of rows) {
    try {
      pairs.push(pair(row));
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length) throw new ParseError(byLine(problems));
  return pairs;
}

/** The format from a file name's extension, else from the content: `{` first → JSONL, a tab in line 1 → TSV, else CSV. */
export function detectFormat(text: string, filename?: string): PairsFormat {
  const format = filename === undefined ? null : dataFileFormat(filename);
  if (format === "csv" || format === "tsv") return format;
  if (format === "json" || format === "jsonl") return "jsonl";
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (body.startsWith("{")) return "jsonl";
  const first = body.split(/\r?\n/, 1)[0] ?? "";
  return first.includes("\t") ? "tsv" : "csv";
}

function parseLabel(raw: unknown, line: number): number {
  if (typeof raw === "boolean") return raw ? 1 : 0;
  if (typeof raw === "number" && Number.isFinite(raw)) return raw;
  if (typeof raw === "string" && raw.trim() !== "") {
    const v = Number(raw.trim());
    if (Number.isFinite(v)) return v;
  }
  throw problem(line, "labelNotNumber", JSON.stringify(raw ?? null));
}

function pairFrom(a: unknown, b: unknown, label: unknown, line: number): LabelledPair {
  if (typeof a !== "string" || a.trim() === "") throw problem(line, "emptyA");
  if (typeof b !== "string" || b.trim() === "") throw problem(line, "emptyB");
  return { a, b, label: parseLabel(label, line) };
}

const ALIASES: Record<string, "a" | "b" | "label"> = { text_a: "a", a: "a", text_b: "b", b: "b", label: "label" };

/** Pairs from a CSV or TSV table with a header row; the rows that did read are checked even when others did not. */
function fromTable(text: string, delimiter: Delimiter): LabelledPair[] {
  const read = readDelimited(text, delimiter);
  const quotes: ParseProblem[] = read.ok ? [] : read.problems;
  const [header, ...rows] = read.records;
  // A header that did not read leaves no columns to check the rows by.
  if (quotes[0] && (!header || quotes[0].line < header.line)) throw new ParseError(quotes);
  if (!header) throw problem(1, "noRows");
  const col: Partial<Record<"a" | "b" | "label", number>> = {};
  header.fields.forEach((name, i) => {
    const key = ALIASES[name.trim().toLowerCase()];
    if (key && col[key] === undefined) col[key] = i;
  });
  for (const [key, name] of [
    ["a", "text_a"],
    ["b", "text_b"],
    ["label", "label"],
  ] as const) {
    if (col[key] === undefined)
      throw new ParseError(byLine([{ line: header.line, kind: "noColumn", detail: name }, ...quotes]));
  }
  return pairsOf(rows, (r) => pairFrom(r.fields[col.a!], r.fields[col.b!], r.fields[col.label!], r.line), quotes);
}

function fromJsonl(text: string): LabelledPair[] {
  const lines = text
    .split(/\r?\n/)
    .map((raw, i) => ({ raw, line: i + 1 }))
    .filter((l) => l.raw.trim());
  return pairsOf(lines, ({ raw, line }) => {
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch {
      throw problem(line, "notObject");
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) throw problem(line, "notObject");
    const o = obj as Record<string, unknown>;
    return pairFrom(o.text_a ?? o.a, o.text_b ?? o.b, o.label, line);
  });
}

/** Parses labelled pairs; on failure lists every line that is wrong, and why. An empty file parses to no pairs. */
export function parsePairs(text: string, format: PairsFormat = detectFormat(text)): PairsParse {
  const body = text.replace(/^\uFEFF/, "");
  try {
    const pairs = format === "jsonl" ? fromJsonl(body) : fromTable(body, format === "tsv" ? "\t" : ",");
    return { ok: true, format, pairs };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, format, problems: e.problems };
    throw e;
  }
}

/** How many distinct texts the pairs hold (each is encoded once). */
export function distinctTexts(pairs: readonly LabelledPair[]): number {
  const s = new Set<string>();
  for (const p of pairs) {
    s.add(p.a);
    s.add(p.b);
  }
  return s.size;
}

/** True when both lists hold the same pairs, texts and labels, in the same order. */
export function samePairs(x: readonly LabelledPair[], y: readonly LabelledPair[]): boolean {
  return x.length === y.length && x.every((p, i) => p.a === y[i]!.a && p.b === y[i]!.b && p.label === y[i]!.label);
}
