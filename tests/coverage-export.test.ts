import { describe, expect, it } from "vitest";
import { coverageCsv, coverageJson } from "@/components/coverage/coverage-export";
import type { CoverageResponse } from "@/lib/api/coverage-contract";

const DOC = '第一段，有逗号。\n"Quoted", second part.';
const passage = (index: number, start: number, end: number, dense: number) => ({
  index,
  start,
  end,
  tokens: end - start,
  scores: { dense, sparse: 0.1, colbert: 0.5, hybrid: 0 },
});
const data = {
  model: { name: "bge-m3-tiny" },
  chunk_tokens: 16,
  overlap_tokens: 4,
  max_length: 8192,
  passages: [passage(0, 0, 9, 0.9), passage(1, 6, DOC.length, -0.25)],
} as unknown as CoverageResponse;
const W = { dense: 1, sparse: 0, colbert: 1 };

describe("the coverage CSV", () => {
  it("starts with a BOM, ends lines with CRLF, and quotes texts with commas, quotes and line breaks", () => {
    const csv = coverageCsv(data, DOC, W);
    expect(csv.startsWith("\uFEFFindex,start,end,tokens,dense,sparse,colbert,hybrid,text\r\n")).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines[1]).toBe('0,0,9,9,0.9,0.1,0.5,0.7,"第一段，有逗号。\n"');
    expect(lines[2]).toBe(`1,6,${DOC.length},${DOC.length - 6},-0.25,0.1,0.5,0.125,"号。\n""Quoted"", second part."`);
    expect(lines[3]).toBe("");
  });
});

describe("the coverage JSON", () => {
  it("carries the run's settings, the normalised weights and each passage's exact text", () => {
    const json = JSON.parse(coverageJson(data, DOC, "dense", W));
    expect(json.mode).toBe("dense");
    expect(json.weights).toEqual({ dense: 0.5, sparse: 0, colbert: 0.5 });
    expect(json.chunk_tokens).toBe(16);
    expect(json.passages[1].text).toBe(DOC.slice(6));
    expect(json.passages[1].scores.hybrid).toBeCloseTo(0.125, 12);
  });
});
