/**
 * The engine's own errors, free of HTTP: what went wrong with a piece of work, in the engine's words. The API maps
 * each kind to a status (lib/api/errors.ts), as TEI's router maps its core's errors.
 */

import { MIN_MAX_LENGTH } from "@/lib/m3/max-length";

export type EngineErrorKind =
  /** A text has more tokens than max_length and the caller asked not to truncate. */
  | "too_long"
  /** A text's working memory alone is over the memory budget. */
  | "over_memory_budget"
  /** The queue holds as many tokens as it may; retry after `retryAfterSeconds`. */
  | "queue_full"
  /** max_length is outside what the model accepts. */
  | "invalid_max_length"
  /** The caller went away (its signal aborted) before the work finished. */
  | "cancelled"
  /** The inference thread died while the work ran; a new one starts with the next call. */
  | "engine_restarting"
  /** A model file changed under the running engine; it refuses work until it is loaded again. */
  | "model_changed"
  /** The remote encoder is down, overloaded or too slow; retry after `retryAfterSeconds`. */
  | "encoder_unavailable"
  /** The remote encoder refused the work or answered with something that does not fit this model. */
  | "encoder_error";

/** Marks engine errors across copies of this module: Next bundles one into each route. */
const ENGINE_ERROR = Symbol.for("bge-m3-studio.EngineError");

export class EngineError extends Error {
  readonly [ENGINE_ERROR] = true;

  /** True for an EngineError made by any copy of this class: the shared batcher's and inference thread's included. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && ENGINE_ERROR in value;
  }

  constructor(
    readonly kind: EngineErrorKind,
    message: string,
    /** The request field the error is about, e.g. `texts.3`. */
    readonly field?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "EngineError";
  }
}

/** The error of work whose caller went away. */
export const cancelledError = () => new EngineError("cancelled", "the request was cancelled before its work finished");

/** `maxLength` when it is an integer from MIN_MAX_LENGTH to `limit`, else the engine's invalid_max_length error. */
export function checkedMaxLength(maxLength: number, limit: number): number {
  if (!Number.isInteger(maxLength) || maxLength < MIN_MAX_LENGTH || maxLength > limit) {
    const message = `max_length must be an integer from ${MIN_MAX_LENGTH} to ${limit}, got ${maxLength}`;
    throw new EngineError("invalid_max_length", message, "max_length");
  }
  return maxLength;
}
