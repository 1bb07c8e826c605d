/** The passages as files: CSV that opens in Excel (BOM, CRLF, Chinese intact) and JSON with the run's settings. */
import { csvField } from "@/components/matrix/csv";
import type { Mode } from "@/components/shell/modes";
import type { CoverageResponse } from "@/lib/api/coverage-contract";
import { round7 } from "@/lib/api/round";
import { hybridScore, normaliseWeights } from "@/lib/m3/hybrid";
import type { HybridWeights } from "@/lib/m3/types";

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

/** RFC 4180 lines ending in CRLF, with a BOM so Excel reads UTF-8. */
export function coverageCsv(data: CoverageResponse, document: string, w: HybridWeights): string {
  const lines = [HEADER.join(",")];
  for (const r of coverageRows(data, document, w)) {
    const { dense, sparse, colbert, hybrid } = r.scores;
    lines.push([r.index, r.start, r.end, r.tokens, dense, sparse, colbert, hybrid, r.text].map(csvField).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
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
