import { afterEach, describe, expect, it, vi } from "vitest";
import type { SimilarityResponse } from "@/lib/api/similarity-contract";
import { float32Base64 } from "@/lib/api/vector-encoding";
import { translate } from "@/lib/i18n";
import { errorWords } from "@/lib/ui/error-words";
import { RequestError } from "@/lib/ui/request/request-error";
import { fetchSimilarity } from "@/lib/ui/request/similarity";

const MAXSIM = [
  [0.25, 0.875, -0.5],
  [0.75, 0.125, 0.5],
];

/** A small `/api/similarity` answer with its matrix in `maxsim` (as JSON rows) or in `maxsim_base64`. */
function answer(matrix: Pick<SimilarityResponse, "maxsim" | "maxsim_base64" | "maxsim_omitted">): SimilarityResponse {
  const token = { id: 5, text: "▁a", start: 0, end: 1 };
  const count = { before: 3, after: 3, truncated: false };
  return {
    scores: { dense: 0.5, sparse: 0.1, colbert: 0.6, hybrid: 0.46, "sparse+dense": 0.37, "colbert+sparse+dense": 0.46 },
    weights: { dense: 0.4, sparse: 0.2, colbert: 0.4 },
    tokens: { a: [token, token, token], b: [token, token, token, token] },
    lexical: { a: [], b: [], shared: [] },
    token_counts: { a: count, b: count },
    max_length: 8192,
    model: { name: "bge-m3-tiny", revision: null, test_model: true, dimension: 32, variant: "fp32", int8_scales: null },
    timing_ms: { total: 1, encode: 1, score: 0 },
    ...matrix,
  };
}

const packed = (rows: number, cols: number, cells: readonly number[]) => ({
  maxsim: [],
  maxsim_base64: { rows, cols, data: float32Base64(Float32Array.from(cells)) },
});

/** Answers every fetch with `body` and records the request bodies sent. */
function serve(body: unknown): unknown[] {
  const sent: unknown[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (_url: string, init: RequestInit) => {
      sent.push(JSON.parse(String(init.body)));
      return new Response(JSON.stringify(body), { status: 200 });
    }),
  );
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the compare page's comparison request", () => {
  it("asks for the MaxSim matrix as base64 and reads it into the same grid JSON rows give", async () => {
    const sent = serve(answer(packed(2, 3, MAXSIM.flat())));
    const { data, grid } = await fetchSimilarity({ a: "x", b: "y" });
    expect(sent).toEqual([{ a: "x", b: "y", encoding_format: "base64" }]);
    expect(data.maxsim_base64).toBeUndefined();
    serve(answer({ maxsim: MAXSIM }));
    const json = (await fetchSimilarity({ a: "x", b: "y" })).grid;
    expect(grid.data).toBeInstanceOf(Float32Array);
    expect([grid.rows, grid.cols, grid.min, grid.max]).toEqual([2, 3, -0.5, 0.875]);
    expect(Array.from(grid.data)).toEqual(Array.from(json.data));
    expect(Array.from(grid.rowMaxCol)).toEqual([1, 0]);
    expect(Array.from(grid.rowMaxCol)).toEqual(Array.from(json.rowMaxCol));
  });

  it("still takes a JSON matrix, an omitted one and none at all", async () => {
    serve(answer({ maxsim: MAXSIM }));
    expect((await fetchSimilarity({ a: "x", b: "y" })).grid.rows).toBe(2);
    const overview = { rows_per_block: 1, cols_per_block: 1, blocks: MAXSIM };
    const row_best = { col: [1, 0], value: [0.875, 0.75] };
    const maxsim_omitted = { rows: 2, cols: 3, limit: 1, reason: "too many cells", overview, row_best };
    serve(answer({ maxsim: [], maxsim_omitted }));
    const omitted = await fetchSimilarity({ a: "x", b: "y" });
    expect([omitted.grid.rows, omitted.data.maxsim_omitted?.rows]).toEqual([0, 2]);
    serve(answer({ maxsim: [] }));
    expect((await fetchSimilarity({ a: "x", b: "y", include_maxsim: false })).grid.rows).toBe(0);
  });

  it("refuses a base64 matrix whose bytes are not rows × cols float32 cells, or are not base64", async () => {
    const wrong = [
      packed(2, 3, MAXSIM.flat().slice(1)),
      packed(3, 2, [...MAXSIM.flat(), 0.5]),
      packed(-2, -3, MAXSIM.flat()),
      { maxsim: [], maxsim_base64: { rows: 1, cols: 1, data: "AAA$" } },
      { maxsim: [], maxsim_base64: { rows: 1, cols: 1, data: "AAAAAAA=" } },
      { maxsim: [], maxsim_base64: { rows: 1, cols: 2, data: "AAAA\nAAAA" } },
    ];
    for (const matrix of wrong) {
      serve(answer(matrix));
      const e = await fetchSimilarity({ a: "x", b: "y" }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(RequestError);
      expect((e as RequestError).type).toBe("bad_response");
      expect(errorWords(e as RequestError).detail?.key).toBe("compare.error.maxsimBase64");
    }
  });

  it("says in both languages that the base64 matrix does not decode, not only that the answer was unexpected", async () => {
    serve(answer(packed(2, 3, MAXSIM.flat().slice(1))));
    const e = (await fetchSimilarity({ a: "x", b: "y" }).catch((err: unknown) => err)) as RequestError;
    const words = errorWords(e);
    expect([words.title, words.retry]).toEqual(["error.bad_response", true]);
    const detail = words.detail!;
    expect(translate("en", detail.key, detail.vars)).toBe(
      "its MaxSim matrix (maxsim_base64) does not decode to 2 × 3 float32 cells, so the token heatmap cannot be drawn.",
    );
    expect(translate("zh", detail.key, detail.vars)).toBe(
      "它发来的 MaxSim 矩阵（maxsim_base64）解码后不是 2 × 3 个 float32 单元，无法画出词元热图。",
    );
  });
});
