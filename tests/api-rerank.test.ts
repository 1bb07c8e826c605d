import { beforeAll, describe, expect, it } from "vitest";
import { type RerankResponse, RerankResponseSchema } from "@/lib/api/rerank-contract";
import type { SimilarityResponse } from "@/lib/api/similarity-contract";
import { postTo, quietRequestLogs } from "./helpers/api-request";
import { GOLDEN_TOLERANCE, goldenPairs } from "./helpers/goldens";

type Handler = (req: Request) => Promise<Response>;
let rerank: Handler;
let similarity: Handler;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  await quietRequestLogs();
  const { API_HANDLERS } = await import("@/lib/api/handlers");
  rerank = API_HANDLERS["/api/rerank"];
  similarity = API_HANDLERS["/api/similarity"];
});

async function call(body: unknown): Promise<RerankResponse> {
  const r = await postTo(rerank, "/api/rerank", body);
  expect(r.status).toBe(200);
  return RerankResponseSchema.parse(await r.json());
}

// The shared goldens whose a is the same query, so each b is a document scored against it.
const query = goldenPairs[0]!.a;
const docs = goldenPairs.filter((p) => p.a === query);

describe("POST /api/rerank", () => {
  it("scores each document in every mode within 1e-4 of the reference pair scores", async () => {
    expect(docs.length).toBeGreaterThanOrEqual(2);
    const res = await call({ query, documents: docs.map((p) => p.b) });
    for (const r of res.results) {
      const ref = docs[r.index]!;
      expect(Math.abs(r.scores.dense - ref.dense)).toBeLessThan(GOLDEN_TOLERANCE);
      expect(Math.abs(r.scores.sparse - ref.sparse)).toBeLessThan(GOLDEN_TOLERANCE);
      expect(Math.abs(r.scores.colbert - ref.colbert)).toBeLessThan(GOLDEN_TOLERANCE);
    }
  });

  it("sorts by hybrid score, best first, and keeps each document's index", async () => {
    const documents = ["BGE M3 is an embedding model.", query, "Paris is in France.", "cats", "What is BGE?"];
    const res = await call({ query, documents });
    const hybrids = res.results.map((r) => r.scores.hybrid);
    expect(hybrids).toEqual([...hybrids].sort((x, y) => y - x));
    expect(res.results.map((r) => r.index).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(res.results.every((r) => r.document === undefined)).toBe(true);
  });

  it("gives the same scores as /api/similarity for the query against one document", async () => {
    const d = docs[1]!.b;
    const res = await call({ query, documents: [d], weights: { dense: 1, sparse: 2, colbert: 3 } });
    const sim = (await (
      await postTo(similarity, "/api/similarity", { a: query, b: d, weights: { dense: 1, sparse: 2, colbert: 3 } })
    ).json()) as SimilarityResponse;
    const s = res.results[0]!.scores;
    expect(s.dense).toBeCloseTo(sim.scores.dense, 10);
    expect(s.sparse).toBeCloseTo(sim.scores.sparse, 10);
    expect(s.colbert).toBeCloseTo(sim.scores.colbert, 10);
    expect(s.hybrid).toBeCloseTo(sim.scores.hybrid, 10);
  });

  it("combines with the weights divided by their sum, and reports them", async () => {
    const res = await call({ query, documents: ["a document"], weights: { dense: 2, sparse: 1, colbert: 1 } });
    const { dense, sparse, colbert, hybrid } = res.results[0]!.scores;
    expect(res.weights).toEqual({ dense: 0.5, sparse: 0.25, colbert: 0.25 });
    expect(hybrid).toBeCloseTo(0.5 * dense + 0.25 * sparse + 0.25 * colbert, 12);
  });

  it("uses 0.4/0.2/0.4 by default", async () => {
    const res = await call({ query, documents: ["x"] });
    expect(res.weights.dense).toBeCloseTo(0.4, 12);
    expect(res.weights.sparse).toBeCloseTo(0.2, 12);
    expect(res.weights.colbert).toBeCloseTo(0.4, 12);
  });

  it("returns the best top_n, echoing the documents when asked", async () => {
    const documents = ["one", "two", "three", "four"];
    const all = await call({ query, documents });
    const top = await call({ query, documents, top_n: 2, return_documents: true });
    expect(top.results.map((r) => r.index)).toEqual(all.results.slice(0, 2).map((r) => r.index));
    for (const r of top.results) expect(r.document).toBe(documents[r.index]);
  });

  it("counts the query's and the documents' tokens and reports timings", async () => {
    const p = goldenPairs[0]!;
    const res = await call({ query: p.a, documents: [p.b] });
    expect(res.usage.tokens).toBe(p.ids_a.length + p.ids_b.length);
    expect(res.timing_ms.total).toBeGreaterThanOrEqual(res.timing_ms.encode);
  });

  it("names the query when it is over max_length and truncate is false", async () => {
    const long = goldenPairs.find((p) => p.ids_a.length > 500)!;
    const r = await postTo(rerank, "/api/rerank", { query: long.a, documents: ["x"], max_length: 8, truncate: false });
    expect(r.status).toBe(413);
    expect((await r.json()).error.field).toBe("query");
    const r2 = await postTo(rerank, "/api/rerank", {
      query: "x",
      documents: ["y", long.a],
      max_length: 8,
      truncate: false,
    });
    expect((await r2.json()).error.field).toBe("documents.1");
  });
});
