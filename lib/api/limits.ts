/**
 * Request limits, from the environment (read once per process), and the one step every route that takes text runs
 * right after parsing, before the engine is asked for: a breach is a 413 naming the field as a path. NUL characters
 * and lone surrogates are refused by the text schema (schemas.ts), max_length by its schema and `resolveMaxLength`.
 * Batch and queue limits live with the batcher (`lib/engine/batcher.ts`); `/api/info` shows all of them.
 */
import { SETTINGS, setting } from "@/lib/config/settings";
import { ApiError } from "./errors";
import { MATRIX_MAX_TEXTS } from "./matrix-contract";
import { OPENAI_MAX_INPUTS } from "./openai-contract";
import { maxLengthRule } from "./schemas";
import { TUNE_MAX_BODY_BYTES, TUNE_MAX_PAIRS } from "./tune-contract";

export interface RequestLimits {
  /** Most texts in one request (`BGE_M3_MAX_TEXTS`). */
  maxTexts: number;
  /** Most characters (UTF-16 code units) in one text (`BGE_M3_MAX_CHARS`). */
  maxChars: number;
  /** Largest request body in bytes (`BGE_M3_MAX_BODY_BYTES`). */
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: Readonly<RequestLimits> = Object.freeze({
  maxTexts: SETTINGS.BGE_M3_MAX_TEXTS.fallback,
  maxChars: SETTINGS.BGE_M3_MAX_CHARS.fallback,
  maxBodyBytes: SETTINGS.BGE_M3_MAX_BODY_BYTES.fallback,
});

export function requestLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RequestLimits {
  return {
    maxTexts: setting("BGE_M3_MAX_TEXTS", env),
    maxChars: setting("BGE_M3_MAX_CHARS", env),
    maxBodyBytes: setting("BGE_M3_MAX_BODY_BYTES", env),
  };
}

const g = globalThis as typeof globalThis & { __bgeM3Limits?: RequestLimits };

/** The process's limits, read from the environment on first use. */
export function requestLimits(): RequestLimits {
  g.__bgeM3Limits ??= requestLimitsFromEnv();
  return g.__bgeM3Limits;
}

/** `/api/matrix`'s limits: the shared ones, with at most `MATRIX_MAX_TEXTS` texts. */
export function matrixLimits(limits = requestLimits()): RequestLimits {
  return { ...limits, maxTexts: Math.min(MATRIX_MAX_TEXTS, limits.maxTexts) };
}

/** `/v1/embeddings`' limits: the shared ones, with OpenAI's 2,048 inputs unless `BGE_M3_MAX_TEXTS` allows more. */
export function openAILimits(limits = requestLimits()): RequestLimits {
  return { ...limits, maxTexts: Math.max(OPENAI_MAX_INPUTS, limits.maxTexts) };
}

/** `/api/tune`'s limits: pairs instead of texts, its own body size, the shared characters per text. */
export interface TuneLimits {
  maxPairs: number;
  maxChars: number;
  maxBodyBytes: number;
}

export function tuneLimits(limits = requestLimits()): TuneLimits {
  return { maxPairs: TUNE_MAX_PAIRS, maxChars: limits.maxChars, maxBodyBytes: TUNE_MAX_BODY_BYTES };
}

const count = (n: number) => n.toLocaleString("en-US");

function checkCount(field: string, n: number, max: number, unit: string): void {
  if (n > max) {
    throw new ApiError(
      "payload_too_large",
      `${field} has ${count(n)} ${unit}; at most ${count(max)} are allowed per request`,
      field,
    );
  }
}

function checkLength(text: string, field: string, maxChars: number): void {
  if (text.length > maxChars) {
    throw new ApiError(
      "payload_too_large",
      `${field} has ${count(text.length)} characters; at most ${count(maxChars)} are allowed per text`,
      field,
    );
  }
}

/** 413 when one text splits into more parts (`/api/coverage`'s passages or sentences) than `max` texts. */
export function checkPartCount(field: string, n: number, max: number, unit: "passages" | "sentences"): void {
  checkCount(field, n, max, unit);
}

/** A request's texts by field name: a string is one text, an array a list of texts. */
export type TextFields = Readonly<Record<string, string | readonly string[]>>;

/**
 * The limits step of the text routes: 413 when a list has more than `maxTexts` texts or any text more than
 * `maxChars` characters. Counts are checked before lengths; fields are named as paths (`documents.3`).
 */
export function checkTextFields(fields: TextFields, limits = requestLimits()): void {
  const entries = Object.entries(fields);
  for (const [field, value] of entries) {
    if (typeof value !== "string") checkCount(field, value.length, limits.maxTexts, "texts");
  }
  for (const [field, value] of entries) {
    if (typeof value === "string") checkLength(value, field, limits.maxChars);
    else for (const [i, text] of value.entries()) checkLength(text, `${field}.${i}`, limits.maxChars);
  }
}

/** The same step for labelled pairs (`/api/tune`): at most `maxPairs` pairs, each text at most `maxChars`. */
export function checkTextPairs(
  field: string,
  pairs: readonly { a: string; b: string }[],
  limits: TuneLimits = tuneLimits(),
): void {
  checkCount(field, pairs.length, limits.maxPairs, "pairs");
  for (const [i, p] of pairs.entries()) {
    checkLength(p.a, `${field}.${i}.a`, limits.maxChars);
    checkLength(p.b, `${field}.${i}.b`, limits.maxChars);
  }
}

/**
 * The max_length to use: the request's, else `fallback` (the model's limit unless a route has its own default);
 * 400 when the request asks for more than the model takes. The schema has already held it to 3..8192.
 */
export function resolveMaxLength(
  engine: { maxLength: number },
  requested: number | undefined,
  fallback = engine.maxLength,
): number {
  if (requested === undefined) return Math.min(fallback, engine.maxLength);
  if (requested > engine.maxLength) {
    throw new ApiError("invalid_request", `max_length: ${maxLengthRule(engine.maxLength, requested)}`, "max_length");
  }
  return requested;
}
