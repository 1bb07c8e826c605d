/**
 * Texts from a dropped file (its format by its extension, lib/ui/data-files.ts), one per line as the matrix and
 * retrieval boxes take them: a `.txt` file's lines, as any other name's; a CSV or TSV (`.tab`) file's `text` (or
 * `passage`, `document`, `content`) column, else its first; a JSON array of strings or of objects with one of those
 * keys (or an object holding such an array as `texts`, `passages` or `documents`); JSONL lines of the same. A text's
 * own line breaks become spaces, so each stays one line.
 */
import { dataFileFormat } from "@/lib/ui/data-files";
import { type DelimitedProblem, type DelimitedRecord, readDelimited } from "@/lib/ui/delimited";
import { textLines } from "@/lib/ui/text-lines";

/**
 * A CSV or TSV problem lists every line with a quoted field that does not end as it should, and how
 * (`quote.unclosedQuote`, …): after a field left open nothing more can be known, as the rest is that field.
 */
export type TextFileParse =
  | { ok: true; texts: string[] }
  | { ok: false; problem: "json" | "shape" }
  | { ok: false; problem: "csv" | "tsv"; quotes: DelimitedProblem[] };

const TEXT_KEYS = ["text", "passage", "document", "content"];
const LIST_KEYS = ["texts", "passages", "documents"];

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

function textOf(item: unknown): string | null {
  if (typeof item === "string") return item;
  if (typeof item !== "object" || item === null) return null;
  const key = Object.keys(item).find((k) => TEXT_KEYS.includes(k.toLowerCase()));
  const v = key === undefined ? undefined : (item as Record<string, unknown>)[key];
  return typeof v === "string" ? v : null;
}

function fromJson(value: unknown): string[] | null {
  if (!Array.isArray(value)) {
    if (typeof value !== "object" || value === null) return null;
    const key = Object.keys(value).find((k) => LIST_KEYS.includes(k.toLowerCase()));
    return key === undefined ? null : fromJson((value as Record<string, unknown>)[key]);
  }
  const texts = value.map(textOf);
  return texts.every((t) => t !== null) ? texts : null;
}

function fromTable(records: DelimitedRecord[]): string[] {
  const header = records[0]?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  const named = header.findIndex((h) => TEXT_KEYS.includes(h));
  const rows = named === -1 ? records : records.slice(1);
  return rows.map((r) => r.fields[Math.max(0, named)] ?? "");
}

const kept = (texts: string[]) => texts.map(oneLine).filter(Boolean);

export function textFileTexts(content: string, filename: string): TextFileParse {
  const text = content.replace(/^\uFEFF/, "");
  const format = dataFileFormat(filename);
  if (format === "csv" || format === "tsv") {
    const read = readDelimited(text, format === "csv" ? "," : "\t");
    if (!read.ok) return { ok: false, problem: format, quotes: read.problems };
    return { ok: true, texts: kept(fromTable(read.records)) };
  }
  if (format === "json" || format === "jsonl") {
    try {
      const value = format === "json" ? JSON.parse(text) : textLines(text).map((l) => JSON.parse(l));
      const texts = fromJson(value);
      return texts ? { ok: true, texts: kept(texts) } : { ok: false, problem: "shape" };
    } catch {
      return { ok: false, problem: "json" };
    }
  }
  return { ok: true, texts: textLines(text) };
}
