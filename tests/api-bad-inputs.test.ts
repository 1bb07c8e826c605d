/**
 * A table of bad requests across the API, sent over real HTTP to the API as the server serves it
 * (tests/helpers/api-server.ts): every route × every method it does not serve, every route that reads a body × every
 * bad body (syntax, media type, charset, bytes that are not UTF-8, size), every route that takes weights × every bad
 * weight, and each route's own bad fields. Each row gets its exact status and error body in the route's shape (OpenAI's
 * on /v1) — never a 5xx — and the server still answers normally afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiErrorType } from "@/lib/api/errors";
import { DEFAULT_LIMITS } from "@/lib/api/limits";
import { API_ROUTES, type ApiRoutePath, allowedMethods } from "@/lib/api/routes";
import { TUNE_MAX_BODY_BYTES } from "@/lib/api/tune-contract";
import { quietRequestLogs } from "./helpers/api-request";
import { type ApiServer, startApiServer } from "./helpers/api-server";
import { type RawAnswer, rawRequest } from "./helpers/raw-request";

let server: ApiServer;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  await quietRequestLogs();
  server = await startApiServer();
});
afterAll(() => server.close());

const JSON_TYPE = { "content-type": "application/json" };
const long = "The quick brown fox jumps over the lazy dog. ".repeat(40);
const tenThousand = Array.from({ length: 10_000 }, (_, i) => `text ${i}`);

interface Case {
  name: string;
  route: ApiRoutePath;
  method?: string;
  /** JSON-encoded unless a string or bytes. */
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  type: ApiErrorType;
  field?: string;
  message: RegExp;
}

const ROUTES = Object.keys(API_ROUTES) as ApiRoutePath[];
const BODY_ROUTES = ROUTES.filter((r) => API_ROUTES[r].method === "POST");

/** A valid body for each route that reads one, for rows that spoil one field of it. */
const VALID: Record<string, Record<string, unknown>> = {
  "/api/embed": { texts: ["a"] },
  "/embed": { texts: ["a"] },
  "/v1/embeddings": { input: "a" },
  "/api/tokenize": { texts: ["a"] },
  "/api/rerank": { query: "q", documents: ["d"] },
  "/api/similarity": { a: "x", b: "y" },
  "/api/matrix": { texts: ["a", "b"] },
  "/api/coverage": { document: "d", summary: "s" },
  "/api/tune": {
    pairs: [
      { a: "a", b: "b", label: 0 },
      { a: "c", b: "d", label: 1 },
    ],
  },
};

// Every route × the methods it does not serve: 405, Allow, the route's error shape.
const BAD_METHODS = ["TRACE", "PUT", "DELETE", "PATCH", "PROPFIND"];
const methodCases: Case[] = ROUTES.flatMap((route) => {
  const own = API_ROUTES[route].method;
  const others = [...BAD_METHODS, own === "GET" ? "POST" : "GET", ...(own === "POST" ? ["HEAD"] : [])];
  return others.map((method) => ({
    name: `a ${method} request`,
    route,
    method,
    status: 405,
    type: "method_not_allowed" as const,
    message: new RegExp(`^${method} is not allowed on ${route}; it answers ${allowedMethods(route).join(", ")}$`),
  }));
});

/** A body whose first text holds `bytes` after "ok ", ill-formed from `bytes[at]` on: the offset it must name. */
const PREFIX = '{"texts": ["ok ';
const notUtf8 = (name: string, bytes: number[], { at = 0, suffix = '"]}' } = {}): Omit<Case, "route"> => ({
  name,
  body: Buffer.concat([Buffer.from(PREFIX), Buffer.from(bytes), Buffer.from(suffix)]),
  status: 400,
  type: "invalid_json",
  message: new RegExp(
    `^request body is not valid UTF-8 at byte offset ${PREFIX.length + at} \\(0x${bytes[at]!.toString(16).toUpperCase()}\\); send JSON encoded as UTF-8$`,
  ),
});
const charset = (value: string, shown = value.toLowerCase()): Omit<Case, "route"> => ({
  name: `charset=${value}`,
  body: Buffer.from('{"texts": ["caf\u00e9"]}', "latin1"),
  headers: { "content-type": `application/json; charset=${value}` },
  status: 415,
  type: "unsupported_media_type",
  message: new RegExp(`^Content-Type charset must be utf-8, got "${shown}"$`),
});
const tooLarge = (route: ApiRoutePath): Omit<Case, "route"> => {
  const max = route === "/api/tune" ? TUNE_MAX_BODY_BYTES : DEFAULT_LIMITS.maxBodyBytes;
  return {
    name: `a body over ${max} bytes`,
    body: `{"x": "${"x".repeat(max)}"}`,
    status: 413,
    type: "payload_too_large",
    message: new RegExp(`^request body is larger than ${max} bytes$`),
  };
};

// Every route that reads a body × every bad body: checked before the schema, so the same answer everywhere.
const bodyCases: Case[] = BODY_ROUTES.flatMap((route) =>
  [
    { name: "non-JSON", body: "{texts: [oops]", status: 400, type: "invalid_json", message: /not valid JSON/ },
    { name: "an empty body", body: "", status: 400, type: "invalid_json", message: /not valid JSON/ },
    { name: "truncated JSON", body: '{"input": ["a"', status: 400, type: "invalid_json", message: /not valid JSON/ },
    {
      name: "Content-Type text/plain",
      body: VALID[route],
      headers: { "content-type": "text/plain" },
      status: 415,
      type: "unsupported_media_type",
      message: /^Content-Type must be application\/json, got "text\/plain"$/,
    },
    {
      name: "no Content-Type",
      body: VALID[route],
      headers: {},
      status: 415,
      type: "unsupported_media_type",
      message: /^Content-Type must be application\/json, got "none"$/,
    },
    {
      name: "a form body",
      body: "input=hello",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      status: 415,
      type: "unsupported_media_type",
      message: /x-www-form-urlencoded/,
    },
    charset("iso-8859-1"),
    charset("ISO-8859-1"),
    charset('"latin1"', "latin1"),
    charset("windows-1252"),
    charset("utf-16"),
    notUtf8("a lone 0xFF byte", [0xff]),
    notUtf8("a lone continuation byte", [0x80]),
    notUtf8("a two-byte character cut short", [0xc3]),
    notUtf8("an overlong encoding of /", [0xc0, 0xaf]),
    notUtf8("a UTF-16 surrogate encoded in UTF-8", [0xed, 0xa0, 0x80]),
    notUtf8("a code point past U+10FFFF", [0xf4, 0x90, 0x80, 0x80]),
    notUtf8("a body ending inside a character", [0xe2, 0x82], { suffix: "" }),
    notUtf8("a bad byte after é and 😀, counted in bytes", [0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80, 0xfe], { at: 6 }),
    {
      name: "JSON null",
      body: "null",
      status: 400,
      type: "invalid_request",
      message: /^Invalid input: expected object, received null$/,
    },
    {
      name: "a JSON array instead of an object",
      body: '["a"]',
      status: 400,
      type: "invalid_request",
      message: /^Invalid input: expected object, received array$/,
    },
    {
      name: "an unknown field",
      body: { ...VALID[route], inputs: ["a"] },
      status: 400,
      type: "invalid_request",
      field: "inputs",
      message: /^inputs: Unrecognized key: "inputs"$/,
    },
    tooLarge(route),
  ].map((c) => ({ ...c, route }) as Case),
);

// Every route that takes weights × every bad weight: negative, non-finite, all zero, missing or not a number.
const weightCases: Case[] = (["/api/rerank", "/api/similarity", "/api/coverage"] as const).flatMap((route) => {
  const valid = JSON.stringify(VALID[route]).slice(0, -1);
  const withWeights = (w: string) => `${valid}, "weights": ${w}}`;
  return [
    {
      name: "NaN weights (the bare token, not JSON)",
      body: withWeights('{"dense": NaN, "sparse": 1, "colbert": 1}'),
      status: 400,
      type: "invalid_json",
      message: /not valid JSON/,
    },
    {
      name: "NaN weights as a string",
      body: withWeights('{"dense": "NaN", "sparse": 1, "colbert": 1}'),
      status: 400,
      type: "invalid_request",
      field: "weights.dense",
      message: /expected number, received string/,
    },
    {
      name: "an infinite weight (1e400)",
      body: withWeights('{"dense": 1, "sparse": 1e400, "colbert": 1}'),
      status: 400,
      type: "invalid_request",
      field: "weights.sparse",
      message: /^weights\.sparse: Invalid input: expected number, received Infinity$/,
    },
    {
      name: "a negative weight",
      body: withWeights('{"dense": -1, "sparse": 1, "colbert": 1}'),
      status: 400,
      type: "invalid_request",
      field: "weights.dense",
      message: />=0/,
    },
    {
      name: "a tiny negative weight (-5e-324)",
      body: withWeights('{"dense": 1, "sparse": 1, "colbert": -5e-324}'),
      status: 400,
      type: "invalid_request",
      field: "weights.colbert",
      message: />=0/,
    },
    {
      name: "all-zero weights",
      body: withWeights('{"dense": 0, "sparse": 0, "colbert": 0}'),
      status: 400,
      type: "invalid_request",
      field: "weights",
      message: /^weights: at least one weight must be greater than 0$/,
    },
    {
      name: "a weight missing",
      body: withWeights('{"dense": 1, "sparse": 1}'),
      status: 400,
      type: "invalid_request",
      field: "weights.colbert",
      message: /expected number/,
    },
  ].map((c) => ({ ...c, route }) as Case);
});

// Each route's own fields.
const fieldCases: Case[] = [
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
  {
    name: "a missing summary",
    route: "/api/coverage",
    body: { document: "d" },
    status: 400,
    type: "invalid_request",
    field: "summary",
    message: /^summary: Invalid input: expected string, received undefined$/,
  },
  {
    name: "overlap_tokens not less than chunk_tokens",
    route: "/api/coverage",
    body: { document: "d", summary: "s", chunk_tokens: 32, overlap_tokens: 40 },
    status: 400,
    type: "invalid_request",
    field: "overlap_tokens",
    message: /^overlap_tokens: must be less than chunk_tokens \(32\), got 40$/,
  },
  {
    name: "chunk_tokens as a string",
    route: "/api/coverage",
    body: { document: "d", summary: "s", chunk_tokens: "512" },
    status: 400,
    type: "invalid_request",
    field: "chunk_tokens",
    message: /expected number, received string/,
  },
  {
    name: "chunk_tokens over 8190",
    route: "/api/coverage",
    body: { document: "d", summary: "s", chunk_tokens: 8191 },
    status: 400,
    type: "invalid_request",
    field: "chunk_tokens",
    message: /<=8190/,
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
    message: /^input has 10,000 texts; at most 2,048 are allowed per request$/,
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
    name: "a summary of 300 sentences",
    route: "/api/coverage",
    body: { document: "d", summary: "Yes. ".repeat(300) },
    status: 413,
    type: "payload_too_large",
    field: "summary",
    message: /^summary has 300 sentences; at most 256 are allowed per request$/,
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

const cases = [...methodCases, ...bodyCases, ...weightCases, ...fieldCases];

/** The request a row sends: JSON unless the body is already a string or bytes. */
function send(c: Case): Promise<RawAnswer> {
  const body =
    c.body === undefined || typeof c.body === "string" || c.body instanceof Uint8Array
      ? c.body
      : JSON.stringify(c.body);
  return rawRequest(`${server.url}${c.route}`, {
    method: c.method ?? API_ROUTES[c.route].method,
    headers: c.headers ?? (body === undefined ? {} : JSON_TYPE),
    body: body as string | Uint8Array | undefined,
  });
}

/** The exact error body of a row in its route's shape: this API's, or OpenAI's on /v1 (all rows here are 4xx). */
function expectedBody(c: Case): unknown {
  const message = expect.stringMatching(c.message);
  if (API_ROUTES[c.route].errors === "openai") {
    return { error: { message, type: "invalid_request_error", param: c.field ?? null, code: c.type } };
  }
  return { error: { message, type: c.type, ...(c.field ? { field: c.field } : {}) } };
}

describe("bad requests", () => {
  it("covers every route with at least 125 rows, none of them expecting a 5xx", () => {
    expect(cases.length).toBeGreaterThanOrEqual(125);
    expect(new Set(cases.map((c) => c.route))).toEqual(new Set(ROUTES));
    expect(cases.filter((c) => c.status >= 500)).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c.route, c] as const))("%s at %s", async (_, __, c) => {
    const r = await send(c);
    expect(r.status).toBe(c.status);
    if (c.status === 405) expect(r.headers.allow).toBe(allowedMethods(c.route).join(", "));
    if (c.method === "HEAD") expect(r.body).toBe("");
    else expect(JSON.parse(r.body)).toEqual(expectedBody(c));
  });
});

describe("good requests beside them", () => {
  const tokenize = (body: string | Uint8Array, type: string) =>
    rawRequest(`${server.url}/api/tokenize`, { method: "POST", headers: { "content-type": type }, body });
  it.each([
    "application/json",
    "application/json; charset=utf-8",
    "application/json;charset=UTF-8",
    'application/json; charset="utf-8"',
    "application/json; charset=utf8",
  ])("Content-Type %s is read as UTF-8", async (type) => {
    // The same texts as \u escapes (plain ASCII bytes): what the UTF-8 bytes must decode to.
    const reference = await tokenize('{"texts": ["caf\\u00e9 cr\\u00e8me \\ud83d\\ude00"]}', "application/json");
    const r = await tokenize(Buffer.from(JSON.stringify({ texts: ["café crème 😀"] }), "utf8"), type);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).results).toEqual(JSON.parse(reference.body).results);
  });

  it("leave the server answering normally afterwards", async () => {
    const ok = await rawRequest(`${server.url}/api/embed`, {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({ texts: ["still here"], mode: "all" }),
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).embeddings).toHaveLength(1);
    expect((await rawRequest(`${server.url}/api/health`, { method: "GET" })).status).toBe(200);
    expect((await rawRequest(`${server.url}/api/health`, { method: "HEAD" })).status).toBe(200);
  });
});
