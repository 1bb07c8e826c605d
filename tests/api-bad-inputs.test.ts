/**
 * A table of bad requests across the API: each gets the right status, error type, field and a message that says
 * what is wrong — never a 500 — and the server still answers normally afterwards.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ApiErrorBody } from "@/lib/api/similarity-contract";
import { getFrom, postTo, quietRequestLogs } from "./helpers/api-request";

type Handler = (req: Request) => Response | Promise<Response>;
const R: Record<string, Handler> = {};
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  await quietRequestLogs();
  R["/api/embed"] = (await import("@/app/api/embed/route")).POST;
  R["/embed"] = (await import("@/app/embed/route")).POST;
  R["/v1/embeddings"] = (await import("@/app/v1/embeddings/route")).POST;
  R["/api/tokenize"] = (await import("@/app/api/tokenize/route")).POST;
  R["/api/rerank"] = (await import("@/app/api/rerank/route")).POST;
  R["/api/similarity"] = (await import("@/app/api/similarity/route")).POST;
  R["/api/health"] = (await import("@/app/api/health/route")).GET;
});

const JSON_TYPE = { "content-type": "application/json" };
const long = "The quick brown fox jumps over the lazy dog. ".repeat(40);
const tenThousand = Array.from({ length: 10_000 }, (_, i) => `text ${i}`);

interface Case {
  name: string;
  route: string;
  body: unknown;
  headers?: Record<string, string>;
  status: number;
  type: string;
  field?: string;
  message: RegExp;
}

const cases: Case[] = [
  // The body itself
  {
    name: "non-JSON",
    route: "/api/embed",
    body: "{texts: [oops]",
    status: 400,
    type: "invalid_json",
    message: /not valid JSON/,
  },
  {
    name: "an empty body",
    route: "/api/embed",
    body: "",
    status: 400,
    type: "invalid_json",
    message: /not valid JSON/,
  },
  {
    name: "truncated JSON",
    route: "/v1/embeddings",
    body: '{"input": ["a"',
    status: 400,
    type: "invalid_json",
    message: /not valid JSON/,
  },
  {
    name: "Content-Type text/plain",
    route: "/api/embed",
    body: { texts: ["a"] },
    headers: { "content-type": "text/plain" },
    status: 415,
    type: "unsupported_media_type",
    message: /application\/json.*text\/plain/,
  },
  {
    name: "no Content-Type",
    route: "/api/rerank",
    body: { query: "q", documents: ["d"] },
    headers: {},
    status: 415,
    type: "unsupported_media_type",
    message: /Content-Type must be application\/json/,
  },
  {
    name: "a form body",
    route: "/v1/embeddings",
    body: "input=hello",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    status: 415,
    type: "unsupported_media_type",
    message: /x-www-form-urlencoded/,
  },
  {
    name: "JSON null",
    route: "/api/embed",
    body: "null",
    status: 400,
    type: "invalid_request",
    message: /expected object, received null/,
  },
  {
    name: "a JSON array instead of an object",
    route: "/api/tokenize",
    body: '["a"]',
    status: 400,
    type: "invalid_request",
    message: /expected object, received array/,
  },
  {
    name: "a 5 MB text (body over 4 MiB)",
    route: "/api/embed",
    body: { texts: ["x".repeat(5 * 1024 * 1024)] },
    status: 413,
    type: "payload_too_large",
    message: /larger than 4194304 bytes/,
  },
  // Wrong types and missing fields
  {
    name: "texts missing",
    route: "/api/embed",
    body: { mode: "dense" },
    status: 400,
    type: "invalid_request",
    field: "texts",
    message: /texts: .*expected array/,
  },
  {
    name: "texts as a string",
    route: "/embed",
    body: { texts: "hello" },
    status: 400,
    type: "invalid_request",
    field: "texts",
    message: /expected array, received string/,
  },
  {
    name: "texts of numbers",
    route: "/api/embed",
    body: { texts: [1, 2] },
    status: 400,
    type: "invalid_request",
    field: "texts.0",
    message: /expected string, received number/,
  },
  {
    name: "a null text",
    route: "/api/tokenize",
    body: { texts: ["ok", null] },
    status: 400,
    type: "invalid_request",
    field: "texts.1",
    message: /expected string, received null/,
  },
  {
    name: "an unknown mode",
    route: "/api/embed",
    body: { texts: ["a"], mode: "hybrid" },
    status: 400,
    type: "invalid_request",
    field: "mode",
    message: /mode: .*"dense"\|"sparse"\|"colbert"\|"all"/,
  },
  {
    name: "truncate as a string",
    route: "/api/embed",
    body: { texts: ["a"], truncate: "yes" },
    status: 400,
    type: "invalid_request",
    field: "truncate",
    message: /expected boolean/,
  },
  {
    name: "an unknown field",
    route: "/api/embed",
    body: { texts: ["a"], inputs: ["a"] },
    status: 400,
    type: "invalid_request",
    field: "inputs",
    message: /Unrecognized key: "inputs"/,
  },
  {
    name: "input missing (OpenAI)",
    route: "/v1/embeddings",
    body: { model: "bge-m3" },
    status: 400,
    type: "invalid_request",
    field: "input",
    message: /input: required/,
  },
  {
    name: "token ids as input (OpenAI)",
    route: "/v1/embeddings",
    body: { input: [[101, 2023]] },
    status: 400,
    type: "invalid_request",
    field: "input",
    message: /token ids are not accepted/,
  },
  {
    name: "an unknown encoding_format",
    route: "/v1/embeddings",
    body: { input: "a", encoding_format: "int8" },
    status: 400,
    type: "invalid_request",
    field: "encoding_format",
    message: /"float"\|"base64"/,
  },
  {
    name: "dimensions 0",
    route: "/v1/embeddings",
    body: { input: "a", dimensions: 0 },
    status: 400,
    type: "invalid_request",
    field: "dimensions",
    message: />=1/,
  },
  {
    name: "documents missing",
    route: "/api/rerank",
    body: { query: "q" },
    status: 400,
    type: "invalid_request",
    field: "documents",
    message: /documents: .*expected array/,
  },
  // Empty arrays and strings
  {
    name: "an empty texts array",
    route: "/api/embed",
    body: { texts: [] },
    status: 400,
    type: "invalid_request",
    field: "texts",
    message: /at least one text is required/,
  },
  {
    name: "an empty input array (OpenAI)",
    route: "/v1/embeddings",
    body: { input: [] },
    status: 400,
    type: "invalid_request",
    field: "input",
    message: /at least one text is required/,
  },
  {
    name: "an empty text",
    route: "/api/embed",
    body: { texts: ["ok", ""] },
    status: 400,
    type: "invalid_request",
    field: "texts.1",
    message: /text is empty/,
  },
  {
    name: "an empty query",
    route: "/api/rerank",
    body: { query: "", documents: ["d"] },
    status: 400,
    type: "invalid_request",
    field: "query",
    message: /text is empty/,
  },
  {
    name: "an empty similarity text",
    route: "/api/similarity",
    body: { a: "", b: "x" },
    status: 400,
    type: "invalid_request",
    field: "a",
    message: /^a: text is empty$/,
  },
  // Sizes
  {
    name: "10,000 texts",
    route: "/api/embed",
    body: { texts: tenThousand },
    status: 413,
    type: "payload_too_large",
    field: "texts",
    message: /^texts has 10,000 texts; at most 256 are allowed per request$/,
  },
  {
    name: "10,000 documents",
    route: "/api/rerank",
    body: { query: "q", documents: tenThousand },
    status: 413,
    type: "payload_too_large",
    field: "documents",
    message: /at most 256/,
  },
  {
    name: "10,000 inputs (OpenAI)",
    route: "/v1/embeddings",
    body: { input: tenThousand },
    status: 413,
    type: "payload_too_large",
    field: "input",
    message: /at most 256/,
  },
  {
    name: "a text over 50,000 characters",
    route: "/api/embed",
    body: { texts: ["a".repeat(60_000)] },
    status: 413,
    type: "payload_too_large",
    field: "texts.0",
    message: /^texts\.0 has 60,000 characters; at most 50,000 are allowed per text$/,
  },
  {
    name: "a text over max_length with truncate false",
    route: "/api/embed",
    body: { texts: [long], max_length: 64, truncate: false },
    status: 413,
    type: "payload_too_large",
    field: "texts.0",
    message: /tokens, more than max_length 64/,
  },
  // Characters that are not text
  {
    name: "a NUL byte",
    route: "/api/embed",
    body: { texts: ["abc\u0000def"] },
    status: 400,
    type: "invalid_request",
    field: "texts.0",
    message: /NUL character \(U\+0000\) at index 3/,
  },
  {
    name: "a NUL byte in an OpenAI input",
    route: "/v1/embeddings",
    body: { input: "\u0000" },
    status: 400,
    type: "invalid_request",
    field: "input",
    message: /NUL character/,
  },
  {
    name: "a lone high surrogate",
    route: "/api/embed",
    body: '{"texts": ["ok \\ud83d text"]}',
    status: 400,
    type: "invalid_request",
    field: "texts.0",
    message: /unpaired UTF-16 surrogate \(U\+D83D\) at index 3/,
  },
  {
    name: "a lone low surrogate",
    route: "/api/tokenize",
    body: '{"texts": ["\\ude00"]}',
    status: 400,
    type: "invalid_request",
    field: "texts.0",
    message: /unpaired UTF-16 surrogate \(U\+DE00\)/,
  },
  // max_length
  {
    name: "a negative max_length",
    route: "/api/embed",
    body: { texts: ["a"], max_length: -5 },
    status: 400,
    type: "invalid_request",
    field: "max_length",
    message: /^max_length: must be an integer from 3 to 8192, got -5$/,
  },
  {
    name: "max_length 0",
    route: "/api/tokenize",
    body: { texts: ["a"], max_length: 0 },
    status: 400,
    type: "invalid_request",
    field: "max_length",
    message: /from 3 to 8192, got 0$/,
  },
  {
    name: "a huge max_length",
    route: "/api/embed",
    body: { texts: ["a"], max_length: 1_000_000_000 },
    status: 400,
    type: "invalid_request",
    field: "max_length",
    message: /from 3 to 8192, got 1000000000$/,
  },
  {
    name: "max_length 1e400 (Infinity)",
    route: "/api/rerank",
    body: '{"query": "q", "documents": ["d"], "max_length": 1e400}',
    status: 400,
    type: "invalid_request",
    field: "max_length",
    message: /from 3 to 8192, got Infinity$/,
  },
  {
    name: "a fractional max_length",
    route: "/api/embed",
    body: { texts: ["a"], max_length: 12.5 },
    status: 400,
    type: "invalid_request",
    field: "max_length",
    message: /from 3 to 8192, got 12\.5$/,
  },
  {
    name: "max_length as a string",
    route: "/api/embed",
    body: { texts: ["a"], max_length: "512" },
    status: 400,
    type: "invalid_request",
    field: "max_length",
    message: /from 3 to 8192, got "512"$/,
  },
  // Weights
  {
    name: "NaN weights (the bare token, not JSON)",
    route: "/api/rerank",
    body: '{"query": "q", "documents": ["d"], "weights": {"dense": NaN, "sparse": 1, "colbert": 1}}',
    status: 400,
    type: "invalid_json",
    message: /not valid JSON/,
  },
  {
    name: "NaN weights as a string",
    route: "/api/rerank",
    body: { query: "q", documents: ["d"], weights: { dense: "NaN", sparse: 1, colbert: 1 } },
    status: 400,
    type: "invalid_request",
    field: "weights.dense",
    message: /expected number/,
  },
  {
    name: "NaN similarity weights",
    route: "/api/similarity",
    body: '{"a": "x", "b": "y", "weights": {"dense": NaN, "sparse": 1, "colbert": 1}}',
    status: 400,
    type: "invalid_json",
    message: /not valid JSON/,
  },
  {
    name: "a negative weight",
    route: "/api/rerank",
    body: { query: "q", documents: ["d"], weights: { dense: -1, sparse: 1, colbert: 1 } },
    status: 400,
    type: "invalid_request",
    field: "weights.dense",
    message: />=0/,
  },
  {
    name: "all-zero weights",
    route: "/api/rerank",
    body: { query: "q", documents: ["d"], weights: { dense: 0, sparse: 0, colbert: 0 } },
    status: 400,
    type: "invalid_request",
    field: "weights",
    message: /at least one weight/,
  },
  {
    name: "a weight missing",
    route: "/api/rerank",
    body: { query: "q", documents: ["d"], weights: { dense: 1, sparse: 1 } },
    status: 400,
    type: "invalid_request",
    field: "weights.colbert",
    message: /expected number/,
  },
  {
    name: "top_n 0",
    route: "/api/rerank",
    body: { query: "q", documents: ["d"], top_n: 0 },
    status: 400,
    type: "invalid_request",
    field: "top_n",
    message: />=1/,
  },
];

describe("bad requests", () => {
  it("has at least 30 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases.map((c) => [c.name, c.route, c] as const))("%s at %s", async (_, route, c) => {
    const r = await postTo(R[route]!, route, c.body, c.headers ?? JSON_TYPE);
    const body = (await r.json()) as ApiErrorBody;
    expect({ status: r.status, type: body.error.type, field: body.error.field }).toEqual({
      status: c.status,
      type: c.type,
      field: c.field,
    });
    expect(body.error.message).toMatch(c.message);
  });

  it("leaves the server answering normally afterwards", async () => {
    const ok = await postTo(R["/api/embed"]!, "/api/embed", { texts: ["still here"], mode: "all" });
    expect(ok.status).toBe(200);
    expect((await ok.json()).embeddings).toHaveLength(1);
    const health = await getFrom(R["/api/health"]!, "/api/health");
    expect(health.status).toBe(200);
  });
});
