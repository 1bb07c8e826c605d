import { beforeAll, describe, expect, it } from "vitest";
import { MATRIX_MAX_TEXTS, type MatrixResponse, MatrixResponseSchema } from "@/lib/api/matrix-contract";
import type { ApiErrorBody } from "@/lib/api/schemas";
import type { Engine } from "@/lib/engine";
import { colbertScore } from "@/lib/m3/colbert";
import { denseScore } from "@/lib/m3/dense";
import { lexicalScore } from "@/lib/m3/lexical";
import type { Representation } from "@/lib/m3/types";
import { postJson } from "./helpers/post-json";

let POST: (req: Request) => Promise<Response>;
let engine: Engine;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  POST = (await import("@/lib/api/handlers")).API_HANDLERS["/api/matrix"];
  const { loadEngine } = await import("@/lib/engine");
  engine = await loadEngine();
});

const post = (body: unknown, headers?: Record<string, string>) =>
  postJson(POST, "http://127.0.0.1/api/matrix", body, headers);

const TEXTS = [
  "气候变化是全球挑战",
  "Climate change is a global challenge",
  "環境変動は世界的な課題です",
  "我喜欢看书",
  "阅读使我快乐",
  "What is BGE M3?",
  "BGE M3 is an embedding model supporting dense retrieval, lexical matching and multi-vector interaction.",
  "Climate change is a global challenge",
];

/** 64 texts in several scripts, each different. */
const SIXTY_FOUR = Array.from(
  { length: 64 },
  (_, i) => `${["Sentence", "句子", "文章", "Phrase", "Предложение", "문장"][i % 6]} ${i}: ${TEXTS[i % 7]}`,
);

const TOLERANCE = 1e-6;

describe("POST /api/matrix", () => {
  let res: MatrixResponse;
  let reps: Representation[];
  beforeAll(async () => {
    const r = await post({ texts: TEXTS });
    expect(r.status).toBe(200);
    res = MatrixResponseSchema.strict().parse(await r.json());
    reps = await engine.encode(TEXTS, 512);
  });

  it("returns three n×n matrices, rows read as queries", () => {
    expect(res.n).toBe(TEXTS.length);
    expect(res.orientation).toBe("rows_are_queries");
    for (const m of [res.matrices.dense, res.matrices.sparse, res.matrices.colbert]) {
      expect(m).toHaveLength(TEXTS.length);
      for (const row of m) expect(row).toHaveLength(TEXTS.length);
    }
  });

  it("matches lib/m3's dense, sparse and ColBERT scores on engine.encode's representations, cell by cell", () => {
    for (let i = 0; i < TEXTS.length; i++) {
      for (let j = 0; j < TEXTS.length; j++) {
        const a = reps[i]!;
        const b = reps[j]!;
        expect(Math.abs(res.matrices.dense[i]![j]! - denseScore(a.dense, b.dense))).toBeLessThan(TOLERANCE);
        expect(Math.abs(res.matrices.sparse[i]![j]! - lexicalScore(a.lexical, b.lexical))).toBeLessThan(TOLERANCE);
        expect(Math.abs(res.matrices.colbert[i]![j]! - colbertScore(a.colbert, b.colbert))).toBeLessThan(TOLERANCE);
      }
    }
  });

  it("puts ColBERT's query on the row: colbert[i][j] averages over text i's tokens, and differs from [j][i]", () => {
    const c = res.matrices.colbert;
    expect(Math.abs(c[5]![6]! - colbertScore(reps[5]!.colbert, reps[6]!.colbert))).toBeLessThan(TOLERANCE);
    expect(Math.abs(c[6]![5]! - colbertScore(reps[6]!.colbert, reps[5]!.colbert))).toBeLessThan(TOLERANCE);
    expect(c[5]![6]).not.toBeCloseTo(c[6]![5]!, 4);
  });

  it("keeps dense and sparse symmetric, with dense ≈ 1 on the diagonal", () => {
    for (let i = 0; i < TEXTS.length; i++) {
      expect(res.matrices.dense[i]![i]).toBeCloseTo(1, 5);
      for (let j = 0; j < TEXTS.length; j++) {
        expect(res.matrices.dense[i]![j]).toBe(res.matrices.dense[j]![i]);
        expect(res.matrices.sparse[i]![j]).toBe(res.matrices.sparse[j]![i]);
      }
    }
  });

  it("gives a repeated text (encoded once) the same row as its first copy", () => {
    for (const m of [res.matrices.dense, res.matrices.sparse, res.matrices.colbert]) expect(m[7]).toEqual(m[1]);
    expect(res.matrices.dense[1]![7]).toBeCloseTo(1, 5);
  });

  it("reports token counts, the max length used and the model", () => {
    expect(res.token_counts.map((c) => c.after)).toEqual(reps.map((r) => r.tokens.length));
    expect(res.max_length).toBe(512);
    expect(res.model.test_model).toBe(true);
  });

  it("handles 64 texts in mixed scripts", async () => {
    const r = await post({ texts: SIXTY_FOUR });
    expect(r.status).toBe(200);
    const big = (await r.json()) as MatrixResponse;
    expect(big.n).toBe(64);
    expect(big.matrices.colbert.flat()).toHaveLength(64 * 64);
    const rs = await engine.encode([SIXTY_FOUR[10]!, SIXTY_FOUR[50]!], 512);
    expect(Math.abs(big.matrices.colbert[10]![50]! - colbertScore(rs[0]!.colbert, rs[1]!.colbert))).toBeLessThan(
      TOLERANCE,
    );
  });

  it("streams encode and score progress as NDJSON when asked, then the same matrices", async () => {
    const r = await post({ texts: TEXTS }, { "content-type": "application/json", accept: "application/x-ndjson" });
    const lines = (await r.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.some((l) => l.type === "progress" && l.stage === "encode")).toBe(true);
    const score = lines.filter((l) => l.type === "progress" && l.stage === "score");
    expect(score.at(-1)).toMatchObject({ done: TEXTS.length, total: TEXTS.length });
    expect(lines.at(-1).type).toBe("result");
    expect(lines.at(-1).data.matrices).toEqual(res.matrices);
  });
});

describe("POST /api/matrix validation", () => {
  const errorOf = async (body: unknown) => {
    const r = await post(body);
    return { status: r.status, body: (await r.json()) as ApiErrorBody };
  };

  it("needs at least 2 texts and at most the limit", async () => {
    expect((await errorOf({ texts: ["one"] })).body.error.field).toBe("texts");
    const many = await errorOf({ texts: Array.from({ length: MATRIX_MAX_TEXTS + 1 }, (_, i) => `t${i}`) });
    expect(many.status).toBe(413);
    expect(many.body.error.field).toBe("texts");
    expect(many.body.error.message).toBe("texts has 129 texts; at most 128 are allowed per request");
  });

  it("names an empty text by its index", async () => {
    const r = await errorOf({ texts: ["a", "b", "", "d"] });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe("texts.2");
  });

  it("refuses texts over the ColBERT token budget before encoding, saying how many tokens", async () => {
    const long = "word ".repeat(600);
    const r = await errorOf({ texts: Array.from({ length: 20 }, (_, i) => `${i} ${long}`) });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe("texts");
    expect(r.body.error.message).toMatch(/tokens in total \(limit 8192/);
  });
});
