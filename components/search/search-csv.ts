/** The ranking as CSV: one row a passage, best first, with its marks and every score. */
import { csvText } from "@/lib/ui/csv";
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
  return csvText([HEADER, ...rows]);
}
