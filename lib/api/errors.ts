/**
 * API errors: one class keyed by type, and the one table that maps each type to its HTTP status. Routes answer errors
 * as {"error": {"message", "type", "field"?}}; /v1/embeddings, whose clients are OpenAI's SDKs, as OpenAI does:
 * {"error": {"message", "type", "param", "code"}} (`API_ROUTES` says which).
 */

import { z } from "zod";
import { EngineError, type EngineErrorKind } from "@/lib/engine/errors";
import { log } from "@/lib/log";
import type { ApiErrorBody } from "./schemas";

const STATUS = {
  invalid_json: 400,
  invalid_request: 400,
  unauthorized: 401,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  model_not_ready: 503,
  model_changed: 503,
  engine_restarting: 503,
  queue_full: 503,
  encoder_unavailable: 503,
  encoder_error: 502,
  cancelled: 499,
} as const;

export type ApiErrorType = keyof typeof STATUS;

/** Every error type, in the table's order (for the OpenAPI document). */
export const API_ERROR_TYPES = Object.keys(STATUS) as [ApiErrorType, ...ApiErrorType[]];

export const ErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.enum(API_ERROR_TYPES),
    field: z.string().optional().meta({ description: "The offending field as a dotted path, e.g. texts.3." }),
  }),
});

/** OpenAI's error body: `param` is the field path, `code` the error type; `type` is OpenAI's class of the status. */
export const OpenAIErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.enum(["invalid_request_error", "server_error"]),
    param: z.string().nullable().meta({ description: "The offending field as a dotted path, e.g. input.3." }),
    code: z.enum(API_ERROR_TYPES).meta({ description: "This API's error type: a stable string to branch on." }),
  }),
});
export type OpenAIErrorBody = z.infer<typeof OpenAIErrorBodySchema>;

/** Which of the two bodies a route answers errors with. */
export type ErrorShape = "api" | "openai";

/** The HTTP status of an error type. */
export const statusOf = (type: ApiErrorType): number => STATUS[type];

export class ApiError extends Error {
  constructor(
    readonly type: ApiErrorType,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): number {
    return STATUS[this.type];
  }
}

/** The API error of each engine error. */
const ENGINE_ERROR_TYPES: Record<EngineErrorKind, ApiErrorType> = {
  too_long: "payload_too_large",
  over_memory_budget: "payload_too_large",
  queue_full: "queue_full",
  invalid_max_length: "invalid_request",
  cancelled: "cancelled",
  engine_restarting: "engine_restarting",
  model_changed: "model_changed",
  encoder_unavailable: "encoder_unavailable",
  encoder_error: "encoder_error",
};

/** The API error a thrown value answers with: itself, an engine error's mapping (Retry-After from its wait), or null. */
export function toApiError(e: unknown): ApiError | null {
  if (e instanceof ApiError) return e;
  if (!(e instanceof EngineError)) return null;
  const headers = e.retryAfterSeconds === undefined ? undefined : { "Retry-After": String(e.retryAfterSeconds) };
  return new ApiError(ENGINE_ERROR_TYPES[e.kind], e.message, e.field, headers);
}

function errorBody(err: ApiError, shape: ErrorShape): ApiErrorBody | OpenAIErrorBody {
  const { message, type, field } = err;
  if (shape === "openai") {
    const openAIType = err.status < 500 ? "invalid_request_error" : "server_error";
    return { error: { message, type: openAIType, param: field ?? null, code: type } };
  }
  return { error: { message, type, ...(field ? { field } : {}) } };
}

/** Turns any thrown value into the wire error in `shape`; unexpected errors are logged and never leak details. */
export function errorResponse(e: unknown, shape: ErrorShape = "api"): Response {
  let err = toApiError(e);
  if (!err) {
    log.error({ err: e }, "unexpected error in route");
    err = new ApiError("internal", "internal error; the server log has details");
  }
  return Response.json(errorBody(err, shape), { status: err.status, headers: err.headers });
}
