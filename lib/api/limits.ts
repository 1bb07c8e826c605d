/**
 * Request limits, from the environment (read once per process), and the checks that turn a breach into a 413.
 * Batch and queue limits live with the batcher (`lib/engine/batcher.ts`); `/api/info` shows all of them.
 */
import { readIntEnv } from "@/lib/config/env";
import { ApiError } from "./errors";

export interface RequestLimits {
  /** Most texts in one request (`BGE_M3_MAX_TEXTS`). */
  maxTexts: number;
  /** Most characters (UTF-16 code units) in one text (`BGE_M3_MAX_CHARS`). */
  maxChars: number;
  /** Largest request body in bytes (`BGE_M3_MAX_BODY_BYTES`). */
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: Readonly<RequestLimits> = Object.freeze({
  maxTexts: 256,
  maxChars: 50_000,
  maxBodyBytes: 4 * 1024 * 1024,
});

export function requestLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RequestLimits {
  return {
    maxTexts: readIntEnv(env, "BGE_M3_MAX_TEXTS", DEFAULT_LIMITS.maxTexts, 1, 100_000),
    maxChars: readIntEnv(env, "BGE_M3_MAX_CHARS", DEFAULT_LIMITS.maxChars, 1, 10_000_000),
    maxBodyBytes: readIntEnv(env, "BGE_M3_MAX_BODY_BYTES", DEFAULT_LIMITS.maxBodyBytes, 1024, 1024 * 1024 * 1024),
  };
}

const g = globalThis as typeof globalThis & { __bgeM3Limits?: RequestLimits };

/** The process's limits, read from the environment on first use. */
export function requestLimits(): RequestLimits {
  g.__bgeM3Limits ??= requestLimitsFromEnv();
  return g.__bgeM3Limits;
}

/** 413 when one text (named `field`) is longer than `maxChars`. */
export function checkTextLength(text: string, field: string, limits = requestLimits()): void {
  if (text.length > limits.maxChars) {
    throw new ApiError(
      "payload_too_large",
      `${field} has ${text.length} characters; at most ${limits.maxChars} are allowed (BGE_M3_MAX_CHARS)`,
      field,
    );
  }
}

/** 413 when there are more texts than `maxTexts` or a text is longer than `maxChars`; `field` names the array. */
export function checkTextLimits(texts: readonly string[], field: string, limits = requestLimits()): void {
  if (texts.length > limits.maxTexts) {
    throw new ApiError(
      "payload_too_large",
      `${field} has ${texts.length} texts; at most ${limits.maxTexts} are allowed per request (BGE_M3_MAX_TEXTS)`,
      field,
    );
  }
  texts.forEach((t, i) => {
    checkTextLength(t, `${field}.${i}`, limits);
  });
}

/** The max_length to use: the request's, else the model's limit; 400 when the request asks for more than the model. */
export function resolveMaxLength(engine: { maxLength: number }, requested: number | undefined): number {
  if (requested === undefined) return engine.maxLength;
  if (requested > engine.maxLength) {
    throw new ApiError(
      "invalid_request",
      `max_length: at most ${engine.maxLength} for this model, got ${requested}`,
      "max_length",
    );
  }
  return requested;
}
