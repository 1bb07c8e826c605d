/**
 * POST /api/coverage over real HTTP (tests/helpers/api-server.ts): passages that tile the document with offsets that
 * slice the encoded text, scores equal to /api/similarity's for each slice and the summary, each text encoded once
 * (the batches' row count), the whole document truncated to max_length, NDJSON progress, cancellation and bad input.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CoverageResponse, CoverageScores } from "@/lib/api/coverage-contract";
import type { ApiErrorBody } from "@/lib/api/schemas";
import type { SimilarityResponse } from "@/lib/api/similarity-contract";
import { ORT_MAXSIM_MIN_PRODUCTS } from "@/lib/engine/maxsim-session";
import { combineScores } from "@/lib/m3/hybrid";
import { pairScores } from "@/lib/m3/pair-scores";
import type { Representation } from "@/lib/m3/types";
import { type Handler, quietRequestLogs } from "./helpers/api-request";
import { type ApiServer, startApiServer } from "./helpers/api-server";

let server: ApiServer;
let coverageHandler: Handler;
/** Texts the inference batches have encoded so far in this process. */
let rowsEncoded: () => Promise<number>;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  await quietRequestLogs();
  server = await startApiServer();
  coverageHandler = (await import("@/lib/api/handlers")).API_HANDLERS["/api/coverage"];
  const { metrics } = await import("@/lib/api/metrics");
  rowsEncoded = async () =>
    (await metrics().batchRows.get()).values.find((v) => v.metricName?.endsWith("_sum"))?.value ?? 0;
});
afterAll(() => server.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

async function coverage(body: Record<string, unknown>): Promise<CoverageResponse> {
  const r = await post("/api/coverage", body);
  expect(r.status).toBe(200);
  return (await r.json()) as CoverageResponse;
}

async function similarity(body: Record<string, unknown>): Promise<SimilarityResponse> {
  const r = await post("/api/similarity", body);
  expect(r.status).toBe(200);
  return (await r.json()) as SimilarityResponse;
}

/** The distinct texts a coverage answer encodes: the summary, its sentences, the passages and the document. */
const textsEncoded = (r: CoverageResponse, document: string, summary: string) =>
  new Set([
    summary,
    ...r.summary_sentences.map((s) => summary.slice(s.start, s.end)),
    ...r.passages.map((p) => document.slice(p.start, p.end)),
    document,
  ]).size;

const TOLERANCE = 1e-6;
const MODES = ["dense", "sparse", "colbert", "hybrid"] as const;

function expectScores(actual: CoverageScores, expected: CoverageScores): void {
  for (const mode of MODES) expect(Math.abs(actual[mode] - expected[mode]), mode).toBeLessThan(TOLERANCE);
}

/** A report of `n` sentences in English and Chinese; `tag` makes its texts new to the cache. */
const report = (n: number, tag = "") =>
  Array.from({ length: n }, (_, i) =>
    i % 2
      ? `第${i}段说明了项目${i % 5}的进展和风险${tag}。`
      : `Section ${i} reports that milestone ${i % 5} is on track, with costs ${i % 3 ? "under" : "over"} budget${tag}.`,
  ).join(" ");
const DOCUMENT = report(30);
const SUMMARY = "Most milestones are on track. 项目有一些风险！Costs are mixed?";
const WEIGHTS = { dense: 1, sparse: 2, colbert: 3 };

describe("POST /api/coverage", () => {
  let res: CoverageResponse;
  beforeAll(async () => {
    res = await coverage({
      document: DOCUMENT,
      summary: SUMMARY,
      chunk_tokens: 96,
      overlap_tokens: 24,
      weights: WEIGHTS,
    });
  });

  it("echoes the window, max_length, the weights divided by their sum and the model", () => {
    expect(res).toMatchObject({ chunk_tokens: 96, overlap_tokens: 24, max_length: 8192 });
    expect(res.weights).toEqual({ dense: 1 / 6, sparse: 2 / 6, colbert: 3 / 6 });
    expect(res.model).toMatchObject({ name: "bge-m3-tiny", test_model: true });
  });

  it("tiles the document with passages in order, each at most chunk_tokens", () => {
    const { passages } = res;
    expect(passages.length).toBeGreaterThan(3);
    expect(passages.map((p) => p.index)).toEqual(passages.map((_, i) => i));
    expect(passages[0]!.start).toBe(0);
    expect(passages.at(-1)!.end).toBe(DOCUMENT.length);
    for (const [i, p] of passages.entries()) {
      expect(p.tokens).toBeGreaterThan(0);
      expect(p.tokens).toBeLessThanOrEqual(96);
      if (i > 0) expect(p.start).toBeLessThan(passages[i - 1]!.end);
      if (i > 0) expect(p.start).toBeGreaterThan(passages[i - 1]!.start);
    }
  });

  it("scores each passage as /api/similarity scores its slice (a) against the summary (b), to 1e-6", async () => {
    for (const p of res.passages) {
      const s = await similarity({ a: DOCUMENT.slice(p.start, p.end), b: SUMMARY, weights: WEIGHTS });
      expectScores(p.scores, s.scores);
      expect(s.token_counts.a.after - 2).toBe(p.tokens);
    }
  });

  it("scores the whole document as /api/similarity does, and the mean of the passages' dense vectors", async () => {
    const s = await similarity({ a: DOCUMENT, b: SUMMARY, weights: WEIGHTS });
    expectScores(res.document.whole.scores, s.scores);
    expect(res.document.whole).toMatchObject({ tokens: s.token_counts.a.after, truncated: false });
    expect(res.document.mean_of_passages.dense).toBeGreaterThan(-1);
    expect(res.document.mean_of_passages.dense).toBeLessThan(1);
    const hybrid = res.passages.map((p) => p.scores.hybrid);
    expect(res.document.best_passage).toBe(hybrid.indexOf(Math.max(...hybrid)));
  });

  it("splits the summary into sentences, each with offsets, its best passage and /api/similarity's scores", async () => {
    const sentences = res.summary_sentences.map((s) => SUMMARY.slice(s.start, s.end));
    expect(sentences).toEqual(["Most milestones are on track.", "项目有一些风险！", "Costs are mixed?"]);
    for (const [i, s] of res.summary_sentences.entries()) {
      const best = res.passages[s.best_passage]!;
      const sim = await similarity({ a: sentences[i]!, b: DOCUMENT.slice(best.start, best.end), weights: WEIGHTS });
      expectScores(s.scores, sim.scores);
    }
  });

  it("gives every sentence × passage score, from which the browser re-picks the best passages with any weights", async () => {
    const { dense, sparse, colbert } = res.sentence_scores;
    for (const m of [dense, sparse, colbert]) {
      expect(m).toHaveLength(3);
      for (const row of m) expect(row).toHaveLength(res.passages.length);
    }
    const last = res.passages.length - 1;
    const p = res.passages[last]!;
    const sim = await similarity({ a: "Costs are mixed?", b: DOCUMENT.slice(p.start, p.end) });
    expect(Math.abs(dense[2]![last]! - sim.scores.dense)).toBeLessThan(TOLERANCE);
    expect(Math.abs(sparse[2]![last]! - sim.scores.sparse)).toBeLessThan(TOLERANCE);
    expect(Math.abs(colbert[2]![last]! - sim.scores.colbert)).toBeLessThan(TOLERANCE);
    const w = res.weights;
    for (const [i, s] of res.summary_sentences.entries()) {
      const hybrid = dense[i]!.map((d, j) => w.dense * d + w.sparse * sparse[i]![j]! + w.colbert * colbert[i]![j]!);
      expect(s.best_passage).toBe(hybrid.indexOf(Math.max(...hybrid)));
    }
  });

  it("encodes each passage, the summary, each sentence and the whole document once", async () => {
    const document = report(24, " (encoded once)");
    const summary = "Milestones are on track. 风险可控。";
    const before = await rowsEncoded();
    const first = await coverage({ document, summary, chunk_tokens: 64, overlap_tokens: 16 });
    const texts = first.passages.length + first.summary_sentences.length + 2;
    expect(textsEncoded(first, document, summary)).toBe(texts);
    expect(await rowsEncoded()).toBe(before + texts);
    await coverage({ document, summary, chunk_tokens: 64, overlap_tokens: 16 });
    expect(await rowsEncoded()).toBe(before + texts);
  });

  it("tokenizes the document and the summary once each, their passages and sentences once each", async () => {
    const document = report(24, " (tokenized once)");
    const summary = "Milestones are on track, tokenized once. 风险可控，只分词一次。";
    const { loadEngine } = await import("@/lib/engine");
    const tokenizer = (await loadEngine()).tokenizer;
    const tokenized = vi.spyOn(tokenizer, "encodeInSlices");
    try {
      const r = await coverage({ document, summary, chunk_tokens: 64, overlap_tokens: 16 });
      const texts = tokenized.mock.calls.map(([text]) => text);
      const timesOf = (text: string) => texts.filter((t) => t === text).length;
      expect(timesOf(document)).toBe(1);
      expect(timesOf(summary)).toBe(1);
      for (const p of r.passages) expect(timesOf(document.slice(p.start, p.end))).toBe(1);
      for (const s of r.summary_sentences) expect(timesOf(summary.slice(s.start, s.end))).toBe(1);
      expect(texts).toHaveLength(textsEncoded(r, document, summary));
    } finally {
      tokenized.mockRestore();
    }
  });

  it("encodes a document shorter than one passage once, as its passage and as the whole", async () => {
    const document = "A short report, encoded once.";
    const before = await rowsEncoded();
    const r = await coverage({ document, summary: "A summary, encoded once." });
    expect(r.passages).toEqual([expect.objectContaining({ index: 0, start: 0, end: document.length })]);
    expect(r).toMatchObject({ chunk_tokens: 512, overlap_tokens: 128 });
    expect(await rowsEncoded()).toBe(before + 2);
  });

  it("truncates the whole document to max_length and says so, still covering it all with passages", async () => {
    const r = await coverage({ document: DOCUMENT, summary: SUMMARY, max_length: 100 });
    expect(r).toMatchObject({ max_length: 100, chunk_tokens: 96, overlap_tokens: 24 });
    expect(r.document.whole).toMatchObject({ tokens: 100, truncated: true });
    const s = await similarity({ a: DOCUMENT, b: SUMMARY, max_length: 100 });
    expect(s.token_counts.a.truncated).toBe(true);
    expectScores(r.document.whole.scores, s.scores);
    expect(r.passages.at(-1)!.end).toBe(DOCUMENT.length);
    for (const p of r.passages) {
      const slice = await similarity({ a: DOCUMENT.slice(p.start, p.end), b: SUMMARY, max_length: 100 });
      expect(slice.token_counts.a.truncated).toBe(false);
      expectScores(p.scores, slice.scores);
    }
  });

  it("streams encode and score progress as NDJSON when asked, then the same result", async () => {
    const body = { document: DOCUMENT, summary: SUMMARY, chunk_tokens: 96, overlap_tokens: 24, weights: WEIGHTS };
    const r = await post("/api/coverage", body, { accept: "application/x-ndjson" });
    expect(r.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const lines = (await r.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const encode = lines.filter((l) => l.type === "progress" && l.stage === "encode");
    expect(encode.at(-1)).toMatchObject({ done: encode.at(-1).total });
    const score = lines.filter((l) => l.type === "progress" && l.stage === "score");
    const steps = res.passages.length + res.summary_sentences.length + 1;
    expect(score.at(-1)).toMatchObject({ done: steps, total: steps });
    expect(lines.at(-1).type).toBe("result");
    const data = lines.at(-1).data as CoverageResponse;
    expect(data.passages).toEqual(res.passages);
    expect(data.sentence_scores).toEqual(res.sentence_scores);
  });
});

/** Every number of `actual` within TOLERANCE of `expected`'s, everything else equal. */
function expectClose(actual: unknown, expected: unknown, path = "answer"): void {
  if (typeof expected === "number") {
    expect(typeof actual, path).toBe("number");
    expect(Math.abs((actual as number) - expected), path).toBeLessThan(TOLERANCE);
  } else if (expected && typeof expected === "object") {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected))
      expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

const scoresOf = (a: Representation, b: Representation, matrix?: Parameters<typeof pairScores>[2]) => {
  const { dense, sparse, colbert, hybrid } = combineScores(pairScores(a, b, matrix), WEIGHTS);
  return { dense, sparse, colbert, hybrid };
};

/** Cosine of the summary with the normalised mean of the passages' dense vectors. */
function meanDense(passages: readonly Representation[], summary: Representation): number {
  const mean = passages.reduce(
    (m, p) => m.map((x, i) => x + p.dense[i]!),
    new Array<number>(summary.dense.length).fill(0),
  );
  const norm = Math.hypot(...mean);
  return mean.reduce((s, x, i) => s + (x / norm) * summary.dense[i]!, 0);
}

describe("POST /api/coverage on a mid-size document", () => {
  it("answers what scoring each pair on its own gives, to 1e-6, its ColBERT products in onnxruntime", async () => {
    const document = report(160, " (mid-size)");
    const summary =
      "Most milestones are on track. 项目有一些风险！Costs are mixed? Staff changed. 预算超支。Section 7 is late.";
    const res = await coverage({ document, summary, chunk_tokens: 96, overlap_tokens: 24, weights: WEIGHTS });
    const { readyEngine } = await import("@/lib/api/ready-engine");
    const { sharedEncoder } = await import("@/lib/api/encode");
    const { engine } = await readyEngine();
    const passages = res.passages.map((p) => document.slice(p.start, p.end));
    const sentences = res.summary_sentences.map((s) => summary.slice(s.start, s.end));
    const encoded = await sharedEncoder(engine).batcher.encode([summary, document, ...sentences, ...passages], 8192);
    expect(encoded.cacheHits).toBe(2 + sentences.length + passages.length);
    const [sum, whole, ...rest] = encoded.representations as Representation[];
    const sents = rest.slice(0, sentences.length);
    const pass = rest.slice(sentences.length);
    const passageRows = pass.reduce((n, p) => n + p.colbert.rows, 0);
    expect(passageRows * sum!.colbert.rows * sum!.colbert.dim).toBeGreaterThan(ORT_MAXSIM_MIN_PRODUCTS);

    const rows = sents.map((s) => pass.map((p) => scoresOf(s, p)));
    const passageScores: CoverageScores[] = [];
    for (const p of pass) passageScores.push(scoresOf(p, sum!, await engine.maxSim(p.colbert, sum!.colbert)));
    const hybrid = passageScores.map((s) => s.hybrid);
    const expected = {
      ...res,
      passages: res.passages.map((p, j) => ({ ...p, scores: passageScores[j]! })),
      summary_sentences: res.summary_sentences.map((s, i) => {
        const h = rows[i]!.map((x) => x.hybrid);
        const best = h.indexOf(Math.max(...h));
        return { ...s, best_passage: best, scores: rows[i]![best]! };
      }),
      sentence_scores: {
        dense: rows.map((r) => r.map((x) => x.dense)),
        sparse: rows.map((r) => r.map((x) => x.sparse)),
        colbert: rows.map((r) => r.map((x) => x.colbert)),
      },
      document: {
        ...res.document,
        whole: {
          ...res.document.whole,
          scores: scoresOf(whole!, sum!, await engine.maxSim(whole!.colbert, sum!.colbert)),
        },
        mean_of_passages: { dense: meanDense(pass, sum!) },
        best_passage: hybrid.indexOf(Math.max(...hybrid)),
      },
    };
    expectClose(res, expected);
  });
});

describe("POST /api/coverage when the client goes away", () => {
  it("answers 499 cancelled and encodes no more of its passages", async () => {
    const document = report(60, " (abandoned)");
    const body = { document, summary: "Nobody waits.", chunk_tokens: 16, overlap_tokens: 0 };
    const controller = new AbortController();
    const before = await rowsEncoded();
    const req = new Request("http://127.0.0.1/api/coverage", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    const pending = coverageHandler(req);
    while ((await rowsEncoded()) === before) await new Promise((resolve) => setTimeout(resolve, 2));
    controller.abort();
    const r = await pending;
    expect(r.status).toBe(499);
    expect(((await r.json()) as ApiErrorBody).error.type).toBe("cancelled");
    const abandoned = (await rowsEncoded()) - before;
    const full = await coverage(body);
    const texts = textsEncoded(full, document, body.summary);
    expect(abandoned).toBeLessThan(texts);
    expect((await rowsEncoded()) - before).toBe(texts);
  });
});

describe("POST /api/coverage refuses", () => {
  const refusal = async (body: unknown) => {
    const r = await post("/api/coverage", body);
    return { status: r.status, error: ((await r.json()) as ApiErrorBody).error };
  };

  it.each([
    [
      "overlap_tokens not less than chunk_tokens",
      { chunk_tokens: 64, overlap_tokens: 64 },
      "overlap_tokens",
      "overlap_tokens: must be less than chunk_tokens (64), got 64",
    ],
    [
      "overlap_tokens over the default chunk",
      { overlap_tokens: 600 },
      "overlap_tokens",
      "overlap_tokens: must be less than chunk_tokens (512), got 600",
    ],
    [
      "chunk_tokens over max_length − 2",
      { chunk_tokens: 200, max_length: 128 },
      "chunk_tokens",
      "chunk_tokens: must be at most max_length − 2 (126), got 200",
    ],
    ["chunk_tokens 0", { chunk_tokens: 0 }, "chunk_tokens", /^chunk_tokens: Too small: expected number to be >=1$/],
    ["a fractional chunk_tokens", { chunk_tokens: 1.5 }, "chunk_tokens", /expected int/],
    ["a negative overlap_tokens", { overlap_tokens: -1 }, "overlap_tokens", />=0/],
    ["an empty summary", { summary: "" }, "summary", "summary: text is empty"],
    ["a missing document", { document: undefined }, "document", /^document: Invalid input: expected string/],
  ])("%s (400)", async (_, change, field, message) => {
    const { status, error } = await refusal({ document: DOCUMENT, summary: SUMMARY, ...change });
    expect(status).toBe(400);
    expect(error).toMatchObject({ type: "invalid_request", field });
    expect(error.message).toMatch(message);
  });

  it("chunk_tokens at max_length − 2 when a passage cut mid-word takes more tokens on its own (400)", async () => {
    const document = "今天天气很好我们去公园散步吧".repeat(20);
    const { status, error } = await refusal({ document, summary: SUMMARY, max_length: 34, chunk_tokens: 32 });
    expect(status).toBe(400);
    expect(error).toMatchObject({ type: "invalid_request", field: "chunk_tokens" });
    expect(error.message).toMatch(
      /^chunk_tokens: passage \d+ has 3[5-9] tokens on its own, more than max_length 34; lower chunk_tokens or raise max_length$/,
    );
    const fits = await coverage({ document, summary: SUMMARY, max_length: 34 });
    expect(fits).toMatchObject({ chunk_tokens: 30, overlap_tokens: 7 });
    expect(fits.passages.at(-1)!.end).toBe(document.length);
  });

  it("a document that splits into more passages than BGE_M3_MAX_TEXTS (413)", async () => {
    const document = "word ".repeat(5000);
    const { status, error } = await refusal({ document, summary: "s", chunk_tokens: 16, overlap_tokens: 8 });
    expect(status).toBe(413);
    expect(error).toMatchObject({ type: "payload_too_large", field: "document" });
    expect(error.message).toMatch(/^document has [\d,]+ passages; at most 256 are allowed per request$/);
  });

  it("a summary of more sentences than BGE_M3_MAX_TEXTS (413)", async () => {
    const { status, error } = await refusal({ document: DOCUMENT, summary: "Yes. ".repeat(300) });
    expect(status).toBe(413);
    expect(error).toMatchObject({ type: "payload_too_large", field: "summary" });
    expect(error.message).toBe("summary has 300 sentences; at most 256 are allowed per request");
  });

  it("a summary and document over the ColBERT budget (400)", async () => {
    const { status, error } = await refusal({ document: "word ".repeat(9000), summary: "word ".repeat(4000) });
    expect(status).toBe(400);
    expect(error).toMatchObject({ type: "invalid_request", field: "summary" });
    expect(error.message).toMatch(/ColBERT cells \(limit 16,000,000\)/);
  });

  it("a document over BGE_M3_MAX_CHARS (413)", async () => {
    const { status, error } = await refusal({ document: "x".repeat(50_001), summary: SUMMARY });
    expect(status).toBe(413);
    expect(error).toMatchObject({ type: "payload_too_large", field: "document" });
  });
});
