/** The ranking as CSV: one row a passage, best first, with its marks and every score (RFC 4180, CRLF). */
import { csvField } from "@/components/matrix/csv";
import type { RankedPassage } from "./rank";

const HEADER = ["rank", "passage", "answers_query", "hybrid", "dense", "sparse", "colbert", "query", "text"];

export function rankingCsv(
  query: string,
  ranked: readonly RankedPassage[],
  documents: readonly string[],
  relevant: (index: number) => boolean,
): string {
  const rows = ranked.map((r, k) => [
    k + 1,
    r.index + 1,
    relevant(r.index) ? 1 : 0,
    r.hybrid,
    r.scores.dense,
    r.scores.sparse,
    r.scores.colbert,
    query,
    documents[r.index] ?? "",
  ]);
  return `${[HEADER, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}
