/**
 * The OpenAPI 3.1 document served at `/api/openapi.json`, generated from the same zod schemas that validate the
 * requests (`z.toJSONSchema`), so the document cannot drift from what the server accepts.
 */
import { z } from "zod";
import pkg from "@/package.json";
import {
  COVERAGE_DEFAULT_CHUNK_TOKENS,
  COVERAGE_DEFAULT_OVERLAP_TOKENS,
  COVERAGE_MAX_COLBERT_CELLS,
  CoverageRequestSchema,
  CoverageResponseSchema,
} from "./coverage-contract";
import { EmbedRequestSchema, EmbedResponseSchema } from "./embed-contract";
import { ErrorBodySchema, OpenAIErrorBodySchema } from "./errors";
import { HealthResponseSchema, InfoResponseSchema } from "./info-contract";
import {
  MATRIX_DEFAULT_MAX_LENGTH,
  MATRIX_MAX_TEXTS,
  MATRIX_MAX_TOTAL_TOKENS,
  MatrixRequestSchema,
  MatrixResponseSchema,
} from "./matrix-contract";
import { OpenAIEmbeddingsRequestSchema, OpenAIEmbeddingsResponseSchema } from "./openai-contract";
import { RerankRequestSchema, RerankResponseSchema } from "./rerank-contract";
import { API_ROUTES, type ApiRoutePath } from "./routes";
import { MIN_MAX_LENGTH, MODEL_MAX_LENGTH } from "./schemas";
import { SimilarityRequestSchema, SimilarityResponseSchema } from "./similarity-contract";
import { TokenizeRequestSchema, TokenizeResponseSchema } from "./tokenize-contract";
import { TUNE_MAX_BODY_BYTES, TUNE_MAX_PAIRS, TuneRequestSchema, TuneResponseSchema } from "./tune-contract";

const n = (x: number) => x.toLocaleString("en-US");
const TUNE_MAX_MIB = TUNE_MAX_BODY_BYTES / (1024 * 1024);

const ERRORS = {
  400:
    "Malformed JSON, or a field is missing, of the wrong type or out of range (`field` names it): an empty text, " +
    "a text with a NUL character or an unpaired UTF-16 surrogate, " +
    `a max_length that is not an integer from ${MIN_MAX_LENGTH} to ${MODEL_MAX_LENGTH}.`,
  401:
    "BGE_M3_API_KEYS (or BGE_M3_AUTH) is set and the request has no valid key (Authorization: Bearer <key>) or " +
    "session; WWW-Authenticate: Bearer.",
  413:
    "More texts than BGE_M3_MAX_TEXTS " +
    `(/api/matrix: ${MATRIX_MAX_TEXTS} at most; /api/tune: ${n(TUNE_MAX_PAIRS)} pairs; ` +
    "/api/coverage: passages of the document or sentences of the summary), " +
    "a text over BGE_M3_MAX_CHARS characters, a text over max_length with truncate=false, " +
    "a text whose working memory alone is over BGE_M3_MEMORY_BUDGET_MB, " +
    `or a body over BGE_M3_MAX_BODY_BYTES (/api/tune: ${TUNE_MAX_MIB} MiB). ` +
    "Every route checks the same limits, shown by GET /api/info, before any text is tokenized.",
  415: "Content-Type is not application/json.",
  429:
    "The client's requests or encoded tokens per minute are spent (BGE_M3_RATE_LIMIT_RPM, BGE_M3_RATE_LIMIT_TPM; " +
    "a streamed answer's tokens count too): retry after Retry-After seconds; x-ratelimit-* headers give the limits.",
  502: "The remote encoder (BGE_M3_ENCODER) answered with an error or with something that is not hidden states.",
  503:
    "The model is loading (Retry-After), failed to load (the message says why), changed on disk since it was loaded, " +
    "or its inference thread is restarting (Retry-After); the queue is full (BGE_M3_MAX_QUEUE_TOKENS tokens " +
    "waiting; Retry-After); or the remote encoder cannot be reached.",
} as const;
type ErrorStatus = keyof typeof ERRORS;
const POST_ERRORS: ErrorStatus[] = [400, 413, 415, 502, 503];
/** The front door's answers on every route but the open /api/health (lib/security/front-door.ts). */
const DOOR_ERRORS: ErrorStatus[] = [401, 429];
const errorsOf = (op: Operation): ErrorStatus[] =>
  op.path === "/api/health" ? op.errors : [...op.errors, ...DOOR_ERRORS].sort((a, b) => a - b);

/** One route's documentation; its method and error shape come from `API_ROUTES`. */
interface Operation {
  path: ApiRoutePath;
  summary: string;
  description?: string;
  request?: [name: string, schema: z.ZodType];
  /** A named JSON schema, or a plain content type for non-JSON answers. */
  response: [name: string, schema: z.ZodType] | { contentType: string; description: string };
  errors: ErrorStatus[];
}

const embed = (path: ApiRoutePath): Operation => ({
  path,
  summary: "Dense, sparse and ColBERT representations of texts",
  description:
    "Fields appear for the mode asked: `embeddings` (dense), `sparse`, `colbert`; `all` returns the three from one " +
    "pass. `/embed` and `/api/embed` are the same handler.",
  request: ["EmbedRequest", EmbedRequestSchema],
  response: ["EmbedResponse", EmbedResponseSchema],
  errors: POST_ERRORS,
});

/** Every route the server answers, with its schemas. */
export const OPERATIONS: readonly Operation[] = [
  embed("/api/embed"),
  embed("/embed"),
  {
    path: "/v1/embeddings",
    summary: "Dense embeddings, OpenAI-compatible",
    description:
      "OpenAI's request and response shapes. `dimensions` keeps the first n values and re-normalises; bge-m3 was not " +
      "trained for that (it is not a Matryoshka model). Texts over 8192 tokens are truncated.",
    request: ["OpenAIEmbeddingsRequest", OpenAIEmbeddingsRequestSchema],
    response: ["OpenAIEmbeddingsResponse", OpenAIEmbeddingsResponseSchema],
    errors: POST_ERRORS,
  },
  {
    path: "/api/tokenize",
    summary: "Tokens with UTF-16 offsets, and counts before and after truncation",
    request: ["TokenizeRequest", TokenizeRequestSchema],
    response: ["TokenizeResponse", TokenizeResponseSchema],
    errors: [400, 413, 415, 503],
  },
  {
    path: "/api/rerank",
    summary: "Score documents against a query in every mode plus the hybrid, best first",
    request: ["RerankRequest", RerankRequestSchema],
    response: ["RerankResponse", RerankResponseSchema],
    errors: POST_ERRORS,
  },
  {
    path: "/api/similarity",
    summary: "Every score of one pair, with tokens, the MaxSim matrix and the lexical overlap",
    request: ["SimilarityRequest", SimilarityRequestSchema],
    response: ["SimilarityResponse", SimilarityResponseSchema],
    errors: POST_ERRORS,
  },
  {
    path: "/api/matrix",
    summary: "N×N dense, sparse and ColBERT matrices (rows are queries)",
    description:
      `2 to ${MATRIX_MAX_TEXTS} texts (at most BGE_M3_MAX_TEXTS when lower), max_length ${MATRIX_DEFAULT_MAX_LENGTH} ` +
      `unless given, and at most ${n(MATRIX_MAX_TOTAL_TOKENS)} ColBERT vectors over all texts (400 beyond). ` +
      "With `Accept: application/x-ndjson`, progress lines precede the result.",
    request: ["MatrixRequest", MatrixRequestSchema],
    response: ["MatrixResponse", MatrixResponseSchema],
    errors: POST_ERRORS,
  },
  {
    path: "/api/coverage",
    summary: "How well a summary covers a long document, passage by passage and sentence by sentence",
    description:
      `The document is cut into passages of chunk_tokens tokens (default ${COVERAGE_DEFAULT_CHUNK_TOKENS}) sharing ` +
      `overlap_tokens (default ${COVERAGE_DEFAULT_OVERLAP_TOKENS}), on sentence ends where one is near; ` +
      "document.slice(start, end) is each passage's text. Each passage's scores against the summary are " +
      "/api/similarity's for that slice (a) and the summary (b); sentence_scores give every summary sentence " +
      "against every passage, so a client can recombine weights. Each text is encoded once. At most " +
      `BGE_M3_MAX_TEXTS passages and summary sentences (413), and ${n(COVERAGE_MAX_COLBERT_CELLS)} ColBERT cells ` +
      "(summary tokens × passage tokens; 400 beyond). With `Accept: application/x-ndjson`, progress lines precede " +
      "the result.",
    request: ["CoverageRequest", CoverageRequestSchema],
    response: ["CoverageResponse", CoverageResponseSchema],
    errors: POST_ERRORS,
  },
  {
    path: "/api/tune",
    summary: "Grid search of hybrid weights on labelled pairs",
    description:
      `2 to ${n(TUNE_MAX_PAIRS)} pairs, counted instead of BGE_M3_MAX_TEXTS (they are encoded 32 pairs at a time), ` +
      `in a body of at most ${TUNE_MAX_MIB} MiB. ` +
      "With `Accept: application/x-ndjson`, progress lines precede the result.",
    request: ["TuneRequest", TuneRequestSchema],
    response: ["TuneResponse", TuneResponseSchema],
    errors: [400, 413, 415, 503],
  },
  {
    path: "/api/health",
    summary: "200 when the model is ready; 503 with a reason while it loads or after it failed",
    response: ["HealthResponse", HealthResponseSchema],
    errors: [503],
  },
  {
    path: "/api/info",
    summary: "Model, revision, verification, test-model flag, limits, threads, version and measured inference speed",
    response: ["InfoResponse", InfoResponseSchema],
    errors: [],
  },
  {
    path: "/metrics",
    summary: "Prometheus metrics",
    response: { contentType: "text/plain; version=0.0.4", description: "Prometheus text exposition format" },
    errors: [],
  },
  {
    path: "/api/openapi.json",
    summary: "This document",
    response: { contentType: "application/json", description: "OpenAPI 3.1 document" },
    errors: [],
  },
];

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const errorSchemaOf = (path: ApiRoutePath) =>
  path === "/api/health"
    ? ref("HealthResponse")
    : API_ROUTES[path].errors === "openai"
      ? ref("OpenAIErrorBody")
      : ref("ErrorBody");

export function openApiDocument(): Record<string, unknown> {
  const schemas: Record<string, unknown> = {
    ErrorBody: jsonSchema(ErrorBodySchema, "output"),
    OpenAIErrorBody: jsonSchema(OpenAIErrorBodySchema, "output"),
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const responses: Record<string, unknown> = {};
    if (Array.isArray(op.response)) {
      const [name, schema] = op.response;
      schemas[name] = jsonSchema(schema, "output");
      responses["200"] = { description: "OK", content: { "application/json": { schema: ref(name) } } };
    } else {
      const { contentType, description } = op.response;
      responses["200"] = { description, content: { [contentType]: {} } };
    }
    for (const status of errorsOf(op)) {
      responses[String(status)] = {
        description: ERRORS[status],
        content: { "application/json": { schema: errorSchemaOf(op.path) } },
      };
    }
    let requestBody: unknown;
    if (op.request) {
      const [name, schema] = op.request;
      schemas[name] = jsonSchema(schema, "input");
      requestBody = { required: true, content: { "application/json": { schema: ref(name) } } };
    }
    paths[op.path] ??= {};
    paths[op.path]![API_ROUTES[op.path].method.toLowerCase()] = {
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "bge-m3 Studio API",
      version: pkg.version,
      description:
        "BAAI/bge-m3 on CPU: dense, sparse (lexical) and ColBERT representations, hybrid scores, and an " +
        "OpenAI-compatible embeddings route. Errors are {error: {message, type, field?}}; /v1/embeddings answers " +
        "OpenAI's {error: {message, type, param, code}}. Other methods than a route's get 405 with Allow. " +
        "See docs/api.md.",
    },
    paths,
    components: { schemas },
  };
}
