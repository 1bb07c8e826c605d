import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type InfoResponse, InfoResponseSchema } from "@/lib/api/info-contract";
import { API_ROUTES, type ApiRoutePath } from "@/lib/api/routes";
import { setting } from "@/lib/config/settings";
import pkg from "@/package.json";
import { getFrom, postTo, quietRequestLogs } from "./helpers/api-request";

let API_HANDLERS: typeof import("@/lib/api/handlers").API_HANDLERS;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  await quietRequestLogs();
  ({ API_HANDLERS } = await import("@/lib/api/handlers"));
  const { loadEngine } = await import("@/lib/engine");
  await loadEngine();
});

describe("GET /api/info", () => {
  let info: InfoResponse;
  beforeAll(async () => {
    const r = await getFrom(API_HANDLERS["/api/info"], "/api/info");
    expect(r.status).toBe(200);
    info = InfoResponseSchema.parse(await r.json());
  });

  it("names the model, its revision, the test-model flag, threads and the package version", () => {
    expect(info.status).toBe("ready");
    expect(info.model).toMatchObject({ name: "bge-m3-tiny", test_model: true, dimension: 64, max_length: 8192 });
    expect(info.model?.dir).toBe(path.resolve("models/bge-m3-tiny"));
    expect(info.test_model).toBe(true);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(info.version).toBe(pkg.version);
  });

  it("reports the model files' verification state", () => {
    expect(["not_checked", "verified", "failed"]).toContain(info.verification.status);
  });

  it("shows every limit with its default when no environment variable is set", () => {
    expect(info.limits).toEqual({
      max_texts: 256,
      max_chars: 50_000,
      max_body_bytes: 4 * 1024 * 1024,
      max_length: { min: 3, max: 8192 },
      max_batch_tokens: 16_384,
      max_batch_rows: 64,
      max_queue_tokens: 262_144,
      memory_budget_mb: setting("BGE_M3_MEMORY_BUDGET_MB", {}),
      matrix: { max_texts: 128, max_total_tokens: 8192, default_max_length: 512 },
      coverage: { max_passages: 256, max_sentences: 256, max_colbert_cells: 16_000_000 },
      tune: { max_pairs: 10_000, max_body_bytes: 16 * 1024 * 1024 },
      openai: { max_inputs: 2048 },
      rate_limit: { requests_per_minute: 0, tokens_per_minute: 0, per: "address" },
    });
    expect(info.limits.memory_budget_mb).toBeGreaterThanOrEqual(512);
    expect(info.batching).toMatchObject({ enabled: true, window_ms: 2 });
    // The test model's attention is plain softmax(q·kᵀ/√d + mask)·v: a text alone runs flash attention.
    expect(info.attention).toEqual({ mode: "chunked", fallback: null, flash: true });
    expect(info.cache.max_bytes).toBe(256 * 1024 * 1024);
  });

  it("reports the inference speed fitted from every batch that ran", async () => {
    const before = info.speed.samples;
    // Texts of 3 lengths spanning a factor of 8, one request (so one batch) each.
    const texts = [1, 8, 64].map((n) => `speed check ${n}: ${"climate change is a global challenge. ".repeat(n)}`);
    for (const text of texts)
      expect((await postTo(API_HANDLERS["/api/embed"], "/api/embed", { texts: [text] })).status).toBe(200);
    const after = InfoResponseSchema.parse(await (await getFrom(API_HANDLERS["/api/info"], "/api/info")).json()).speed;
    expect(after.samples).toBe(before + texts.length);
    expect(after.fit).not.toBe("none");
    expect(after.ms_per_token).toBeGreaterThanOrEqual(0);
    expect(after.ms_per_token_squared).toBeGreaterThanOrEqual(0);
    expect(after.ms_per_token! + after.ms_per_token_squared!).toBeGreaterThan(0);
  });
});

describe("GET /metrics", () => {
  it("serves Prometheus text with request counts by route and status, queue size and batch histograms", async () => {
    await postTo(API_HANDLERS["/api/embed"], "/api/embed", { texts: ["metrics please", "and another"] });
    await postTo(API_HANDLERS["/api/embed"], "/api/embed", { texts: [] });
    const r = await getFrom(API_HANDLERS["/metrics"], "/metrics");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await r.text();
    expect(text).toMatch(/bge_m3_http_requests_total\{route="\/api\/embed",method="POST",status="200"\} [1-9]/);
    expect(text).toMatch(/bge_m3_http_requests_total\{route="\/api\/embed",method="POST",status="400"\} 1/);
    expect(text).toMatch(/bge_m3_http_request_duration_seconds_bucket\{le="[^"]+",route="\/api\/embed"/);
    expect(text).toMatch(/^bge_m3_queue_texts 0$/m);
    expect(text).toMatch(/^bge_m3_batch_size_count [1-9]/m);
    expect(text).toMatch(/^bge_m3_batch_tokens_sum [1-9]/m);
    expect(text).toMatch(/^bge_m3_cache_misses_total [1-9]/m);
  });
});

describe("GET /api/openapi.json", () => {
  let doc: {
    openapi: string;
    paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
  };
  beforeAll(async () => {
    const r = await getFrom(API_HANDLERS["/api/openapi.json"], "/api/openapi.json");
    expect(r.status).toBe(200);
    doc = await r.json();
  });

  it("is an OpenAPI 3.1 document", () => {
    expect(doc.openapi).toBe("3.1.0");
  });

  it.each([
    ["/api/embed", "post"],
    ["/embed", "post"],
    ["/v1/embeddings", "post"],
    ["/api/tokenize", "post"],
    ["/api/rerank", "post"],
    ["/api/similarity", "post"],
    ["/api/coverage", "post"],
    ["/api/health", "get"],
    ["/api/info", "get"],
    ["/metrics", "get"],
    ["/api/openapi.json", "get"],
  ])("documents %s (%s)", (p, method) => {
    expect(doc.paths[p]?.[method]?.responses["200"]).toBeDefined();
  });

  it("lists every route of the route table, each with its one method, and every route has its handler", () => {
    expect(Object.keys(doc.paths).sort()).toEqual(Object.keys(API_ROUTES).sort());
    expect(Object.keys(API_HANDLERS).sort()).toEqual(Object.keys(API_ROUTES).sort());
    for (const p of Object.keys(API_ROUTES) as ApiRoutePath[]) {
      expect([p, Object.keys(doc.paths[p]!)]).toEqual([p, [API_ROUTES[p].method.toLowerCase()]]);
    }
  });

  it("has no route file under app/: Next serves no endpoint that the front door's keys and limits do not guard", () => {
    const files = readdirSync("app", { recursive: true, encoding: "utf8" }).filter((f) =>
      /^route\.[jt]sx?$/.test(path.basename(f)),
    );
    expect(files).toEqual([]);
  });

  it("documents OpenAI's error body for /v1/embeddings and this API's elsewhere", () => {
    const refOf = (p: string, status: string) =>
      JSON.stringify(doc.paths[p]!.post!.responses[status]).match(/#\/components\/schemas\/(\w+)/)?.[1];
    expect(refOf("/v1/embeddings", "400")).toBe("OpenAIErrorBody");
    expect(refOf("/api/embed", "400")).toBe("ErrorBody");
    expect(Object.keys(doc.components.schemas.OpenAIErrorBody!.properties!)).toEqual(["error"]);
  });

  it("describes the request bodies from the zod schemas (fields, required, defaults)", () => {
    const embed = doc.components.schemas.EmbedRequest!;
    expect(Object.keys(embed.properties!)).toEqual(["texts", "mode", "max_length", "truncate", "encoding_format"]);
    expect(embed.properties!.encoding_format).toMatchObject({ default: "float", enum: ["float", "base64"] });
    expect(embed.required).toEqual(["texts"]);
    expect(embed.properties!.mode).toMatchObject({ default: "dense", enum: ["dense", "sparse", "colbert", "all"] });
    const openai = doc.components.schemas.OpenAIEmbeddingsRequest!;
    expect(openai.properties!.encoding_format).toMatchObject({ enum: ["float", "base64"] });
  });

  it("documents 413 and 503 on the embedding routes with the error body", () => {
    const r = doc.paths["/api/embed"]!.post!.responses;
    expect(Object.keys(r)).toEqual(expect.arrayContaining(["400", "413", "415", "503"]));
    expect(JSON.stringify(r["503"])).toMatch(/BGE_M3_MAX_QUEUE_TOKENS/);
    expect(doc.components.schemas.ErrorBody).toBeDefined();
  });

  it("documents the front door's 401 and 429 on every route but /api/health, which stays open", () => {
    for (const [p, ops] of Object.entries(doc.paths)) {
      const statuses = Object.keys(Object.values(ops)[0]!.responses);
      const door = p === "/api/health" ? [] : ["401", "429"];
      expect([p, statuses.filter((s) => s === "401" || s === "429")]).toEqual([p, door]);
    }
    expect(JSON.stringify(doc.paths["/api/embed"]!.post!.responses["429"])).toMatch(/Retry-After/);
  });

  it("documents the measured speed in the info response", () => {
    const speed = doc.components.schemas.InfoResponse!.properties!.speed as { properties: Record<string, unknown> };
    expect(Object.keys(speed.properties)).toEqual(["samples", "fit", "ms_per_token", "ms_per_token_squared"]);
    expect(doc.components.schemas.InfoResponse!.required).toContain("speed");
  });
});
