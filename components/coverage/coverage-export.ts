/** The passages as files: CSV that opens in Excel (BOM, CRLF, Chinese intact) and JSON with the run's settings. */
import type { Mode } from "@/components/shell/modes";
import type { CoverageResponse } from "@/lib/api/coverage-contract";
import { round7 } from "@/lib/api/round";
import { hybridScore, normaliseWeights } from "@/lib/m3/hybrid";
import type { HybridWeights } from "@/lib/m3/types";
import { csvText } from "@/lib/ui/csv";

const HEADER = ["index", "start", "end", "tokens", "dense", "sparse", "colbert", "hybrid", "text"] as const;

/** Each passage's offsets, tokens, scores (the hybrid under `w`) and text. */
export function coverageRows(data: CoverageResponse, document: string, w: HybridWeights) {
  return data.passages.map((p) => ({
    index: p.index,
    start: p.start,
    end: p.end,
    tokens: p.tokens,
    scores: {
      dense: p.scores.dense,
      sparse: p.scores.sparse,
      colbert: p.scores.colbert,
      hybrid: round7(hybridScore(p.scores, w)),
    },
    text: document.slice(p.start, p.end),
  }));
}

export function coverageCsv(data: CoverageResponse, document: string, w: HybridWeights): string {
  const rows = coverageRows(data, document, w).map((r) => {
    const { dense, sparse, colbert, hybrid } = r.scores;
    return [r.index, r.start, r.end, r.tokens, dense, sparse, colbert, hybrid, r.text];
  });
  return csvText([HEADER, ...rows]);
}

export function coverageJson(data: CoverageResponse, document: string, mode: Mode, w: HybridWeights): string {
  const json = {
    tool: "bge-m3 Studio summary coverage",
    model: data.model,
    mode,
    weights: normaliseWeights(w),
    chunk_tokens: data.chunk_tokens,
    overlap_tokens: data.overlap_tokens,
    max_length: data.max_length,
    passages: coverageRows(data, document, w),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
