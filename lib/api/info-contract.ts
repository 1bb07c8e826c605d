/** `GET /api/info` and `GET /api/health` responses, as zod schemas and their types. */
import { z } from "zod";
import { ModelInfoSchema } from "./schemas";

export const SpeedFitSchema = z
  .object({
    samples: z.number().int().meta({ description: "Inference batches the fit is based on (the last 200 at most)." }),
    fit: z.enum(["none", "linear", "quadratic"]).meta({
      description:
        "none: no batch has run yet; linear: a alone (fewer than 3 batches, or their lengths too alike to tell the " +
        "terms apart); quadratic: a and b, least squares with both ≥ 0.",
    }),
    ms_per_token: z.number().nullable().meta({ description: "a: ms per token of rows × padded length." }),
    ms_per_token_squared: z.number().nullable().meta({ description: "b: ms per rows × padded length²." }),
  })
  .meta({
    description:
      "This machine's measured inference speed: a batch of rows texts padded to seq tokens takes about " +
      "a·rows·seq + b·rows·seq² ms (attention is quadratic in length). Null coefficients until a batch has run.",
  });
export type SpeedFit = z.infer<typeof SpeedFitSchema>;

export const EncoderStatusSchema = z
  .object({
    backend: z.enum(["local", "kserve-v2", "tei"]).meta({
      description: "BGE_M3_ENCODER: local (embedded onnxruntime) or the remote engine's protocol.",
    }),
    url: z.string().nullable().meta({ description: "The remote model's URL; null for local." }),
    status: z.enum(["unknown", "ok", "unavailable", "error"]).meta({
      description:
        "ok: it answered last time; unavailable: down, overloaded or too slow (requests get 503 with Retry-After); " +
        "error: it answered with something that does not fit this model (requests get 502); unknown: not asked yet.",
    }),
    detail: z.string().nullable().meta({ description: "Why it is not ok, or null." }),
    checked_at: z.string().nullable().meta({ description: "When it last answered or failed (ISO 8601)." }),
  })
  .meta({ description: "Where the encoder runs; tokenizer, heads, scores, batching and cache always run here." });
export type EncoderStatus = z.infer<typeof EncoderStatusSchema>;

export const InfoResponseSchema = z.object({
  version: z.string().meta({ description: "The server's version (package.json)." }),
  status: z.enum(["idle", "loading", "ready", "failed"]),
  reason: z.string().nullable().meta({ description: "Why the model is not ready, or null." }),
  model: ModelInfoSchema.extend({
    dir: z.string(),
    max_length: z.number().int().meta({ description: "The largest max_length the model accepts." }),
  })
    .nullable()
    .meta({ description: "Null until the model is loaded." }),
  test_model: z
    .boolean()
    .nullable()
    .meta({
      description:
        "True when the files matched the bundled random-weight model's manifest; null until they are checked, and " +
        "when BGE_M3_VERIFY=0.",
    }),
  verification: z
    .object({
      status: z.enum(["not_checked", "verified", "failed"]),
      detail: z.string().nullable(),
      checked_at: z.string().nullable(),
    })
    .meta({ description: "Whether the model files were checked against their pinned manifest." }),
  threads: z.number().int().nullable().meta({ description: "ONNX Runtime intra-op threads (null until loaded)." }),
  limits: z.object({
    max_texts: z.number().int().meta({ description: "BGE_M3_MAX_TEXTS: texts per request (texts, input, documents)." }),
    max_chars: z
      .number()
      .int()
      .meta({ description: "BGE_M3_MAX_CHARS: characters (UTF-16 code units) per text, on every route." }),
    max_body_bytes: z
      .number()
      .int()
      .meta({ description: "BGE_M3_MAX_BODY_BYTES: request body size (all routes but /api/tune)." }),
    max_length: z
      .object({ min: z.number().int(), max: z.number().int() })
      .meta({ description: "The max_length every route accepts: an integer from min to max (the model's limit)." }),
    max_batch_tokens: z
      .number()
      .int()
      .nullable()
      .meta({ description: "BGE_M3_MAX_BATCH_TOKENS: rows × padded length per inference batch." }),
    max_batch_rows: z.number().int().nullable().meta({ description: "BGE_M3_MAX_BATCH_ROWS: texts per batch." }),
    max_queue_tokens: z
      .number()
      .int()
      .meta({ description: "BGE_M3_MAX_QUEUE_TOKENS: tokens waiting before requests get 503 with Retry-After." }),
    memory_budget_mb: z.number().int().meta({
      description:
        "BGE_M3_MEMORY_BUDGET_MB: working memory inference batches may use together; a text that needs more alone gets 413.",
    }),
    matrix: z
      .object({
        max_texts: z.number().int().meta({ description: "Texts per matrix: 128, or max_texts when lower." }),
        max_total_tokens: z.number().int().meta({ description: "ColBERT vectors over all texts (400 beyond)." }),
        default_max_length: z.number().int().meta({ description: "max_length when the request gives none." }),
      })
      .meta({ description: "/api/matrix, on top of max_chars, max_body_bytes and max_length." }),
    coverage: z
      .object({
        max_passages: z
          .number()
          .int()
          .meta({ description: "Passages a document splits into: max_texts (413 beyond)." }),
        max_sentences: z.number().int().meta({ description: "Sentences of the summary: max_texts (413 beyond)." }),
        max_colbert_cells: z
          .number()
          .int()
          .meta({ description: "The summary's tokens × the passages' tokens (400 beyond)." }),
      })
      .meta({ description: "/api/coverage, on top of max_chars, max_body_bytes and max_length." }),
    tune: z
      .object({
        max_pairs: z.number().int().meta({ description: "Labelled pairs per request (counted instead of texts)." }),
        max_body_bytes: z.number().int().meta({ description: "Request body size of /api/tune." }),
      })
      .meta({ description: "/api/tune, on top of max_chars and max_length." }),
    openai: z
      .object({
        max_inputs: z.number().int().meta({
          description: "Inputs per request: OpenAI's 2,048, or max_texts when higher; encoded max_texts at a time.",
        }),
      })
      .meta({ description: "/v1/embeddings, on top of max_chars and max_body_bytes." }),
    rate_limit: z
      .object({
        requests_per_minute: z.number().int().meta({ description: "BGE_M3_RATE_LIMIT_RPM; 0 = no limit." }),
        tokens_per_minute: z.number().int().meta({ description: "BGE_M3_RATE_LIMIT_TPM; 0 = no limit." }),
        per: z.enum(["key", "address"]).meta({
          description: "key: per API key (or login); address: per client address, when no keys are set.",
        }),
      })
      .meta({ description: "Token buckets per client; over them, 429 with Retry-After and x-ratelimit-* headers." }),
  }),
  settings: z
    .array(
      z.object({
        name: z.string(),
        value: z.union([z.number(), z.boolean(), z.string()]).nullable(),
        from: z.enum(["env", "default"]),
        meaning: z.string(),
      }),
    )
    .meta({ description: "Every BGE_M3_* setting in force, set by the environment or by default (lib/config)." }),
  batching: z.object({
    enabled: z.boolean().meta({ description: "BGE_M3_BATCHING: merge concurrent requests into shared batches." }),
    window_ms: z
      .number()
      .int()
      .meta({ description: "BGE_M3_BATCH_WINDOW_MS: wait of an idle lane for requests arriving together." }),
    queued: z.number().int().meta({ description: "Texts waiting right now." }),
    queued_tokens: z.number().int().meta({ description: "Their tokens." }),
  }),
  attention: z
    .object({
      mode: z.enum(["chunked", "full"]).meta({
        description:
          "BGE_M3_ATTENTION: chunked runs attention a chunk of query rows at a time (bounded memory); full runs the graph whole.",
      }),
      fallback: z.string().nullable().meta({ description: "Why attention runs full although chunked was asked for." }),
      flash: z.boolean().meta({
        description:
          "Whether a text alone (a batch without padding) runs onnxruntime's flash attention (MultiHeadAttention): chunked, with a graph whose attention is plain softmax(q·kᵀ·scale + mask)·v.",
      }),
    })
    .nullable()
    .meta({ description: "Null until the model is loaded." }),
  cache: z.object({
    max_bytes: z.number().int().meta({ description: "BGE_M3_CACHE_MB in bytes; 0 = no cache." }),
    entries: z.number().int(),
    bytes: z.number().int(),
    hits: z.number().int(),
    misses: z.number().int(),
  }),
  speed: SpeedFitSchema,
  encoder: EncoderStatusSchema.extend({
    limits: z
      .object({
        max_batch_rows: z
          .number()
          .int()
          .meta({ description: "BGE_M3_ENCODER_MAX_BATCH_ROWS: rows per remote request." }),
        max_batch_tokens: z
          .number()
          .int()
          .meta({ description: "BGE_M3_ENCODER_MAX_BATCH_TOKENS: rows × padded length per remote request." }),
        concurrency: z.number().int().meta({ description: "BGE_M3_ENCODER_CONCURRENCY: remote requests in flight." }),
        timeout_ms: z.number().int().meta({ description: "BGE_M3_ENCODER_TIMEOUT_MS: per attempt." }),
        retries: z
          .number()
          .int()
          .meta({ description: "BGE_M3_ENCODER_RETRIES: further attempts after 429/502/503/504 or no connection." }),
      })
      .nullable()
      .meta({ description: "Null for local." }),
  }),
});
export type InfoResponse = z.infer<typeof InfoResponseSchema>;

export const HealthResponseSchema = z.union([
  z.object({
    status: z.literal("ok"),
    model: z.string().meta({ description: "The model's name, as every other route gives it." }),
    model_dir: z.string(),
    test_model: z.boolean().nullable(),
    encoder: EncoderStatusSchema,
  }),
  z.object({ status: z.enum(["loading", "failed"]), reason: z.string() }),
]);
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
