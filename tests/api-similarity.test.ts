import { beforeAll, describe, expect, it } from "vitest";
import type { ApiErrorBody } from "@/lib/api/schemas";
import type { SimilarityResponse } from "@/lib/api/similarity-contract";
import { base64Float32 } from "@/lib/ui/float32-base64";
import { GOLDEN_TOLERANCE, goldenPairs, label, maxAbsDiff } from "./helpers/goldens";
import { postJson } from "./helpers/post-json";

let POST: (req: Request) => Promise<Response>;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  POST = (await import("@/lib/api/handlers")).API_HANDLERS["/api/similarity"];
});

const post = (body: unknown, headers?: Record<string, string>) =>
  postJson(POST, "http://127.0.0.1/api/similarity", body, headers);

describe.each(goldenPairs.map((p) => [label(p), p] as const))("POST /api/similarity on golden pair %s", (_, pair) => {
  let res: SimilarityResponse;
  beforeAll(async () => {
    const r = await post({ a: pair.a, b: pair.b });
    expect(r.status).toBe(200);
    res = await r.json();
  });

  it("returns the reference token ids, with <s> and </s>", () => {
    expect(res.tokens.a.map((t) => t.id)).toEqual(pair.ids_a);
    expect(res.tokens.b.map((t) => t.id)).toEqual(pair.ids_b);
  });

  it("returns the reference dense, sparse and ColBERT scores within 1e-4", () => {
    expect(Math.abs(res.scores.dense - pair.dense)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(res.scores.sparse - pair.sparse)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(res.scores.colbert - pair.colbert)).toBeLessThan(GOLDEN_TOLERANCE);
  });

  it("returns every MaxSim cell within 1e-4, rows for a's tokens after <s> and columns for b's", () => {
    expect(res.maxsim.length).toBe(pair.ids_a.length - 1);
    expect(res.maxsim.every((row) => row.length === pair.ids_b.length - 1)).toBe(true);
    expect(maxAbsDiff(res.maxsim.flat(), pair.maxsim.flat())).toBeLessThan(GOLDEN_TOLERANCE);
  });

  it("returns the reference lexical weights and their shared products", () => {
    // JSON objects list integer-like keys in numeric order, so compare the golden ids as a set.
    const byNumber = (x: string, y: string) => Number(x) - Number(y);
    expect(res.lexical.a.map((e) => String(e.id)).sort(byNumber)).toEqual(Object.keys(pair.lexical_a).sort(byNumber));
    for (const e of res.lexical.a)
      expect(Math.abs(e.weight - pair.lexical_a[String(e.id)]!)).toBeLessThan(GOLDEN_TOLERANCE);
    const sharedIds = res.lexical.a.map((e) => e.id).filter((id) => String(id) in pair.lexical_b);
    expect(res.lexical.shared.map((s) => s.id)).toEqual(sharedIds);
    const sum = res.lexical.shared.reduce((s, e) => s + e.product, 0);
    expect(Math.abs(sum - res.scores.sparse)).toBeLessThan(1e-9);
  });
});

describe("POST /api/similarity contract", () => {
  const pair = goldenPairs[4]!;

  it("combines the modes with the weights divided by their sum", async () => {
    const r = (await (
      await post({ a: pair.a, b: pair.b, weights: { dense: 2, sparse: 1, colbert: 1 } })
    ).json()) as SimilarityResponse;
    const { dense, sparse, colbert } = r.scores;
    expect(r.weights).toEqual({ dense: 0.5, sparse: 0.25, colbert: 0.25 });
    expect(r.scores.hybrid).toBeCloseTo(0.5 * dense + 0.25 * sparse + 0.25 * colbert, 12);
    expect(r.scores["colbert+sparse+dense"]).toBe(r.scores.hybrid);
    expect(r.scores["sparse+dense"]).toBeCloseTo((1 * sparse + 2 * dense) / 3, 12);
  });

  it("uses FlagEmbedding's README weights 0.4/0.2/0.4 by default", async () => {
    const r = (await (await post({ a: pair.a, b: pair.b })).json()) as SimilarityResponse;
    expect(r.weights.dense).toBeCloseTo(0.4, 12);
    expect(r.weights.sparse).toBeCloseTo(0.2, 12);
    expect(r.weights.colbert).toBeCloseTo(0.4, 12);
  });

  it("gives character offsets that slice the original text", async () => {
    const r = (await (
      await post({ a: "气候变化是全球挑战", b: "Climate change is a global challenge" })
    ).json()) as SimilarityResponse;
    const content = r.tokens.b.slice(1, -1);
    expect(
      content
        .map((t) => "Climate change is a global challenge".slice(t.start, t.end))
        .join("")
        .replace(/ /g, ""),
    ).toBe("Climatechangeisaglobalchallenge");
  });

  it("reports truncation and token counts before and after", async () => {
    const long = goldenPairs.find((p) => p.ids_a.length > 500)!;
    const r = (await (await post({ a: long.a, b: long.b, max_length: 32 })).json()) as SimilarityResponse;
    expect(r.token_counts.a).toEqual({ before: long.ids_a.length, after: 32, truncated: true });
    expect(r.token_counts.b.truncated).toBe(false);
    expect(r.max_length).toBe(32);
    expect(r.maxsim.length).toBe(31);
  });

  it("names the test model and says it is one", async () => {
    const r = (await (await post({ a: "a", b: "b" })).json()) as SimilarityResponse;
    expect(r.model).toMatchObject({ name: "bge-m3-tiny", test_model: true, dimension: 64 });
    expect(r.timing_ms.total).toBeGreaterThanOrEqual(r.timing_ms.encode);
  });

  const bad: [string, unknown, number, string, string?][] = [
    ["malformed JSON", "{not json", 400, "invalid_json"],
    ["a missing field", { a: "x" }, 400, "invalid_request", "b"],
    ["an empty text", { a: "", b: "x" }, 400, "invalid_request", "a"],
    ["a number for a text", { a: 1, b: "x" }, 400, "invalid_request", "a"],
    ["an unknown field", { a: "x", b: "y", c: 1 }, 400, "invalid_request"],
    ["max_length too large", { a: "x", b: "y", max_length: 9000 }, 400, "invalid_request", "max_length"],
    ["max_length negative", { a: "x", b: "y", max_length: -1 }, 400, "invalid_request", "max_length"],
    [
      "a negative weight",
      { a: "x", b: "y", weights: { dense: -1, sparse: 1, colbert: 1 } },
      400,
      "invalid_request",
      "weights.dense",
    ],
    [
      "all-zero weights",
      { a: "x", b: "y", weights: { dense: 0, sparse: 0, colbert: 0 } },
      400,
      "invalid_request",
      "weights",
    ],
  ];
  it.each(bad)("answers %s with a clear %i error naming the field", async (_, body, status, type, field) => {
    const r = await post(body);
    expect(r.status).toBe(status);
    const e = (await r.json()) as ApiErrorBody;
    expect(e.error.type).toBe(type);
    expect(e.error.message.length).toBeGreaterThan(5);
    if (field) expect(e.error.field).toBe(field);
  });

  it("answers a wrong content type with 415", async () => {
    const r = await post({ a: "x", b: "y" }, { "content-type": "text/plain" });
    expect(r.status).toBe(415);
  });

  it("answers a body over 4 MB with 413", async () => {
    const r = await post({ a: "x".repeat(5 * 1024 * 1024), b: "y" });
    expect(r.status).toBe(413);
    expect(((await r.json()) as ApiErrorBody).error.type).toBe("payload_too_large");
  });
});

describe("POST /api/similarity on texts too long to send every MaxSim cell", () => {
  it("leaves the matrix out past BGE_M3_MAXSIM_MAX_CELLS, says why, and still gives the exact ColBERT score", async () => {
    const pair = goldenPairs[0]!;
    process.env.BGE_M3_MAXSIM_MAX_CELLS = "20";
    try {
      const r = (await (await post({ a: pair.a, b: pair.b })).json()) as SimilarityResponse;
      expect(r.maxsim).toEqual([]);
      expect(r.maxsim_omitted).toMatchObject({ rows: pair.ids_a.length - 1, cols: pair.ids_b.length - 1, limit: 20 });
      expect(r.maxsim_omitted!.reason).toMatch(/BGE_M3_MAXSIM_MAX_CELLS/);
      expect(Math.abs(r.scores.colbert - pair.colbert)).toBeLessThan(GOLDEN_TOLERANCE);
    } finally {
      delete process.env.BGE_M3_MAXSIM_MAX_CELLS;
    }
  });

  it("sends each row's best match, an overview of block maxima and a requested window at full resolution", async () => {
    const pair = goldenPairs.find((p) => p.ids_a.length >= 4 && p.ids_a.length < 200 && p.ids_b.length < 200)!;
    process.env.BGE_M3_MAXSIM_MAX_CELLS = "4";
    try {
      const window = { row: 1, col: 1, rows: 2, cols: 256 };
      const r = (await (await post({ a: pair.a, b: pair.b, maxsim_window: window })).json()) as SimilarityResponse;
      const o = r.maxsim_omitted!;
      const rowMax = pair.maxsim.map((row) => Math.max(...row));
      expect(maxAbsDiff(o.row_best.value, rowMax)).toBeLessThan(GOLDEN_TOLERANCE);
      expect(
        maxAbsDiff(
          o.row_best.col.map((c, i) => pair.maxsim[i]![c]!),
          rowMax,
        ),
      ).toBeLessThan(GOLDEN_TOLERANCE);
      expect(o.overview.rows_per_block).toBe(1);
      expect(maxAbsDiff(o.overview.blocks.flat(), pair.maxsim.flat())).toBeLessThan(GOLDEN_TOLERANCE);
      expect(r.maxsim_window!.row).toBe(1);
      const expected = pair.maxsim.slice(1, 3).map((row) => row.slice(1));
      expect(r.maxsim_window!.values.map((row) => row.length)).toEqual(expected.map((row) => row.length));
      expect(maxAbsDiff(r.maxsim_window!.values.flat(), expected.flat())).toBeLessThan(GOLDEN_TOLERANCE);
    } finally {
      delete process.env.BGE_M3_MAXSIM_MAX_CELLS;
    }
  });

  it("leaves the matrix out, scores unchanged, when the request says include_maxsim: false", async () => {
    const pair = goldenPairs.find((p) => p.ids_a.length >= 4 && p.ids_a.length < 200 && p.ids_b.length < 200)!;
    const ask = async (extra: object) =>
      (await (await post({ a: pair.a, b: pair.b, ...extra })).json()) as SimilarityResponse;
    const [full, bare] = await Promise.all([ask({}), ask({ include_maxsim: false })]);
    expect(full.maxsim.length).toBe(pair.ids_a.length - 1);
    expect(bare.maxsim).toEqual([]);
    expect(bare.maxsim_omitted).toBeUndefined();
    expect(bare.scores).toEqual(full.scores);
    expect(bare.lexical).toEqual(full.lexical);
  });

  it("sends the matrix as base64 float32 when the request says encoding_format: base64", async () => {
    const pair = goldenPairs.find((p) => p.ids_a.length >= 4 && p.ids_a.length < 200 && p.ids_b.length < 200)!;
    const ask = async (extra: object) =>
      (await (await post({ a: pair.a, b: pair.b, ...extra })).json()) as SimilarityResponse;
    const [float, packed] = await Promise.all([ask({}), ask({ encoding_format: "base64" })]);
    expect(float.maxsim_base64).toBeUndefined();
    expect(packed.maxsim).toEqual([]);
    const { rows, cols, data } = packed.maxsim_base64!;
    expect([rows, cols]).toEqual([float.maxsim.length, float.maxsim[0]!.length]);
    const cells = base64Float32(data);
    expect(cells).toHaveLength(rows * cols);
    // The JSON rows are rounded to 7 decimals; the base64 cells are the float32 values themselves.
    expect(maxAbsDiff(Array.from(cells), float.maxsim.flat())).toBeLessThan(1e-7);
    expect(packed.scores).toEqual(float.scores);
    const bare = await ask({ encoding_format: "base64", include_maxsim: false });
    expect(bare.maxsim_base64).toBeUndefined();
  });

  it("refuses an encoding_format other than float and base64 with 400", async () => {
    const r = await post({ a: "x", b: "y", encoding_format: "binary" });
    expect(r.status).toBe(400);
    expect(((await r.json()) as ApiErrorBody).error.field).toBe("encoding_format");
  });

  it("refuses a window larger than 256 on a side with 400", async () => {
    const r = await post({ a: "x", b: "y", maxsim_window: { row: 0, col: 0, rows: 257, cols: 1 } });
    expect(r.status).toBe(400);
  });
});
