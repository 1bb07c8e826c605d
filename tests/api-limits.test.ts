/**
 * One set of limits on every route that takes text: characters per text (BGE_M3_MAX_CHARS), texts per request
 * (BGE_M3_MAX_TEXTS; /api/matrix's, /api/tune's and /v1/embeddings' own caps), NUL characters, lone UTF-16 surrogates
 * and max_length (an integer from 3 to 8192). Each route × limit gets the same status, error type and field path (in
 * OpenAI's error shape on /v1: `code` and `param`), and /api/info shows
 * the limits the table enforces. The refusals run twice: with no model to load (so none may wait for the engine) and
 * with the test model loaded (where the engine's tokenizer must not be called for them).
 */
import { beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import type { OpenAIErrorBody } from "@/lib/api/errors";
import type { InfoResponse } from "@/lib/api/info-contract";
import { OPENAI_MAX_INPUTS } from "@/lib/api/openai-contract";
import type { ApiErrorBody } from "@/lib/api/schemas";
import { errorOf, getFrom, type Handler, postTo, quietRequestLogs } from "./helpers/api-request";

// Lower than the defaults, so a route that hard-codes its own limit instead of reading these fails.
const MAX_CHARS = 1000;
const MAX_TEXTS = 8;
const TUNE_MAX_PAIRS = 10_000;
process.env.BGE_M3_MAX_CHARS = String(MAX_CHARS);
process.env.BGE_M3_MAX_TEXTS = String(MAX_TEXTS);

type Body = Record<string, unknown>;

interface TextList {
  field: string;
  unit: "texts" | "pairs";
  max: number;
  /** A valid body whose list has `n` entries. */
  withCount(n: number): Body;
}

interface TextRoute {
  name: string;
  path: string;
  /** A valid body carrying `text` at `textField`. */
  withText(text: string): Body;
  textField: string;
  list?: TextList;
  takesMaxLength: boolean;
}

const texts = (n: number) => Array.from({ length: n }, (_, i) => `text number ${i}`);
const FEW = ["気候変化", "Climate change", "Le chat dort", "Пойдём гулять"];
const pairs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ a: FEW[i % 4], b: FEW[(i + 1) % 4], label: i % 5 }));

const embedLike = (path: string): TextRoute => ({
  name: path,
  path,
  withText: (t) => ({ texts: ["one", "two", t] }),
  textField: "texts.2",
  list: { field: "texts", unit: "texts", max: MAX_TEXTS, withCount: (n) => ({ texts: texts(n) }) },
  takesMaxLength: true,
});

const ROUTES: TextRoute[] = [
  embedLike("/api/embed"),
  embedLike("/embed"),
  embedLike("/api/tokenize"),
  {
    name: "/v1/embeddings (a list)",
    path: "/v1/embeddings",
    withText: (t) => ({ input: ["one", "two", t] }),
    textField: "input.2",
    list: { field: "input", unit: "texts", max: OPENAI_MAX_INPUTS, withCount: (n) => ({ input: texts(n) }) },
    takesMaxLength: false,
  },
  {
    name: "/v1/embeddings (one string)",
    path: "/v1/embeddings",
    withText: (t) => ({ input: t }),
    textField: "input",
    takesMaxLength: false,
  },
  {
    name: "/api/rerank (a document)",
    path: "/api/rerank",
    withText: (t) => ({ query: "q", documents: ["one", t] }),
    textField: "documents.1",
    list: {
      field: "documents",
      unit: "texts",
      max: MAX_TEXTS,
      withCount: (n) => ({ query: "q", documents: texts(n) }),
    },
    takesMaxLength: true,
  },
  {
    name: "/api/rerank (the query)",
    path: "/api/rerank",
    withText: (t) => ({ query: t, documents: ["one"] }),
    textField: "query",
    takesMaxLength: true,
  },
  {
    name: "/api/similarity (a)",
    path: "/api/similarity",
    withText: (t) => ({ a: t, b: "two" }),
    textField: "a",
    takesMaxLength: true,
  },
  {
    name: "/api/similarity (b)",
    path: "/api/similarity",
    withText: (t) => ({ a: "one", b: t }),
    textField: "b",
    takesMaxLength: true,
  },
  {
    name: "/api/coverage (the document)",
    path: "/api/coverage",
    withText: (t) => ({ document: t, summary: "two" }),
    textField: "document",
    takesMaxLength: true,
  },
  {
    name: "/api/coverage (the summary)",
    path: "/api/coverage",
    withText: (t) => ({ document: "a", summary: t }),
    textField: "summary",
    takesMaxLength: true,
  },
  {
    name: "/api/matrix",
    path: "/api/matrix",
    withText: (t) => ({ texts: ["one", "two", t] }),
    textField: "texts.2",
    list: { field: "texts", unit: "texts", max: MAX_TEXTS, withCount: (n) => ({ texts: texts(n) }) },
    takesMaxLength: true,
  },
  {
    name: "/api/tune",
    path: "/api/tune",
    withText: (t) => ({
      pairs: [
        { a: "one", b: "two", label: 0 },
        { a: "three", b: t, label: 1 },
      ],
    }),
    textField: "pairs.1.b",
    list: { field: "pairs", unit: "pairs", max: TUNE_MAX_PAIRS, withCount: (n) => ({ pairs: pairs(n) }) },
    takesMaxLength: true,
  },
];

interface Refusal {
  limit: string;
  body: Body;
  status: number;
  type: string;
  field: string;
  message: string | RegExp;
}

const n = (x: number) => x.toLocaleString("en-US");
const FOUR_MILLION = "x".repeat(4_000_000);

function refusalsOf(r: TextRoute): Refusal[] {
  const tooLong = (text: string): Refusal => ({
    limit: `a text of ${n(text.length)} characters`,
    body: r.withText(text),
    status: 413,
    type: "payload_too_large",
    field: r.textField,
    message: `${r.textField} has ${n(text.length)} characters; at most ${n(MAX_CHARS)} are allowed per text`,
  });
  const maxLength = (value: number): Refusal => ({
    limit: `max_length ${value}`,
    body: { ...r.withText("plain text"), max_length: value },
    status: 400,
    type: "invalid_request",
    field: "max_length",
    message: r.takesMaxLength
      ? `max_length: must be an integer from 3 to 8192, got ${value}`
      : /Unrecognized key: "max_length"/,
  });
  const cases: Refusal[] = [
    tooLong("x".repeat(MAX_CHARS + 1)),
    tooLong(FOUR_MILLION),
    {
      limit: "a NUL character",
      body: r.withText("before\u0000after"),
      status: 400,
      type: "invalid_request",
      field: r.textField,
      message: `${r.textField}: contains a NUL character (U+0000) at index 6; send text, not binary data`,
    },
    {
      limit: "a lone surrogate",
      body: r.withText("ok \ud83d text"),
      status: 400,
      type: "invalid_request",
      field: r.textField,
      message: /unpaired UTF-16 surrogate \(U\+D83D\) at index 3/,
    },
    maxLength(2),
    maxLength(8193),
  ];
  if (r.list) {
    const { field, unit, max, withCount } = r.list;
    cases.push({
      limit: `${n(max + 1)} ${unit}`,
      body: withCount(max + 1),
      status: 413,
      type: "payload_too_large",
      field,
      message: `${field} has ${n(max + 1)} ${unit}; at most ${n(max)} are allowed per request`,
    });
  }
  return cases;
}

const REFUSALS = ROUTES.flatMap((r) => refusalsOf(r).map((c) => [r.name, c.limit, r.path, c] as const));

/** Each route's handler, imported afresh (after `vi.resetModules`). */
async function importHandlers(): Promise<Record<string, Handler>> {
  const { API_HANDLERS } = await import("@/lib/api/handlers");
  return {
    "/api/embed": API_HANDLERS["/api/embed"],
    "/embed": API_HANDLERS["/embed"],
    "/v1/embeddings": API_HANDLERS["/v1/embeddings"],
    "/api/tokenize": API_HANDLERS["/api/tokenize"],
    "/api/rerank": API_HANDLERS["/api/rerank"],
    "/api/similarity": API_HANDLERS["/api/similarity"],
    "/api/matrix": API_HANDLERS["/api/matrix"],
    "/api/coverage": API_HANDLERS["/api/coverage"],
    "/api/tune": API_HANDLERS["/api/tune"],
    "/api/info": API_HANDLERS["/api/info"],
  };
}

/** Forgets the process's engine and modules, then loads the routes for the model directory `dir`. */
async function freshServer(dir: string): Promise<Record<string, Handler>> {
  const g = globalThis as { __bgeM3Engine?: unknown; __bgeM3Encoder?: unknown };
  g.__bgeM3Engine = undefined;
  g.__bgeM3Encoder = undefined;
  vi.resetModules();
  process.env.BGE_M3_MODEL_DIR = dir;
  await quietRequestLogs();
  return importHandlers();
}

/** The status and body of a POST; `error` in this API's terms whatever the route's shape (OpenAI's on /v1). */
async function answer(handler: Handler, path: string, body: Body) {
  const r = await postTo(handler, path, body);
  const json = (await r.json()) as Record<string, unknown>;
  const error = "error" in json ? errorOf(json as unknown as ApiErrorBody | OpenAIErrorBody) : undefined;
  return { status: r.status, json, error };
}

async function limitsShown(handler: Handler): Promise<InfoResponse["limits"]> {
  return ((await (await getFrom(handler, "/api/info")).json()) as InfoResponse).limits;
}

const SHOWN = {
  max_texts: MAX_TEXTS,
  max_chars: MAX_CHARS,
  max_length: { min: 3, max: 8192 },
  matrix: { max_texts: MAX_TEXTS },
  coverage: { max_passages: MAX_TEXTS, max_sentences: MAX_TEXTS },
  tune: { max_pairs: TUNE_MAX_PAIRS, max_body_bytes: 16 * 1024 * 1024 },
  openai: { max_inputs: OPENAI_MAX_INPUTS },
};

describe("the limits with no model to load", () => {
  let R: Record<string, Handler>;
  beforeAll(async () => {
    R = await freshServer("models/does-not-exist");
    const { loadEngine, engineState } = await import("@/lib/engine");
    await loadEngine().catch(() => undefined);
    expect(engineState().status).toBe("failed");
  });

  it("/api/info shows the limits this table enforces", async () => {
    expect(await limitsShown(R["/api/info"]!)).toMatchObject(SHOWN);
  });

  it.each(ROUTES.map((r) => [r.name, r] as const))("%s needs the model for a valid request (503)", async (_, r) => {
    expect((await answer(R[r.path]!, r.path, r.withText("plain text"))).status).toBe(503);
  });

  it.each(REFUSALS)("%s refuses %s before asking for the model", async (_, __, path, c) => {
    const { status, error } = await answer(R[path]!, path, c.body);
    expect({ status, type: error?.type, field: error?.field }).toEqual({
      status: c.status,
      type: c.type,
      field: c.field,
    });
    expect(error?.message).toMatch(c.message);
  });
});

describe("the limits with the test model loaded", () => {
  let R: Record<string, Handler>;
  let tokenize: MockInstance;
  beforeAll(async () => {
    R = await freshServer("models/bge-m3-tiny");
    const { loadEngine } = await import("@/lib/engine");
    tokenize = vi.spyOn(await loadEngine(), "tokenize");
  });

  it("/api/info shows the limits this table enforces", async () => {
    expect(await limitsShown(R["/api/info"]!)).toMatchObject(SHOWN);
  });

  it.each(REFUSALS)("%s refuses %s without tokenising", async (_, __, path, c) => {
    tokenize.mockClear();
    const { status, error } = await answer(R[path]!, path, c.body);
    expect({ status, type: error?.type, field: error?.field }).toEqual({
      status: c.status,
      type: c.type,
      field: c.field,
    });
    expect(error?.message).toMatch(c.message);
    expect(tokenize).not.toHaveBeenCalled();
  });

  it.each(ROUTES.map((r) => [r.name, r] as const))("%s accepts a text of exactly the most characters", async (_, r) => {
    expect((await answer(R[r.path]!, r.path, r.withText("y".repeat(MAX_CHARS)))).status).toBe(200);
  });

  const lists = ROUTES.filter((r) => r.list);
  it.each(lists.map((r) => [r.name, r] as const))("%s accepts exactly the most entries", async (_, r) => {
    const list = r.list!;
    expect((await answer(R[r.path]!, r.path, list.withCount(list.max))).status).toBe(200);
  });

  const withMaxLength = ROUTES.filter((r) => r.takesMaxLength);
  it.each(withMaxLength.map((r) => [r.name, r] as const))("%s accepts max_length 3", async (_, r) => {
    const { status, json } = await answer(R[r.path]!, r.path, { ...r.withText("plain text"), max_length: 3 });
    expect(status).toBe(200);
    if ("max_length" in json) expect(json.max_length).toBe(3);
  });
});

describe("resolveMaxLength, for a model whose limit is below 8192", () => {
  it("refuses more than the model takes, in the schema's words, and caps a route's default at the model's limit", async () => {
    const { resolveMaxLength } = await import("@/lib/api/limits");
    const small = { maxLength: 256 };
    expect(() => resolveMaxLength(small, 1000)).toThrow(
      expect.objectContaining({
        status: 400,
        field: "max_length",
        message: "max_length: must be an integer from 3 to 256, got 1000",
      }),
    );
    expect(resolveMaxLength(small, 256)).toBe(256);
    expect(resolveMaxLength(small, undefined)).toBe(256);
    expect(resolveMaxLength(small, undefined, 512)).toBe(256);
    expect(resolveMaxLength({ maxLength: 8192 }, undefined, 512)).toBe(512);
  });
});
