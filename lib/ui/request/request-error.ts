/**
 * The one error every request of the browser rejects with (except an abort, which stays a DOMException named
 * "AbortError"). `status` is the HTTP status, or null when the server was not reached. `type` is the API's error type
 * (e.g. "invalid_request", "model_not_ready", "queue_full"), "network", "http" or "bad_response".
 */
import type { ApiErrorBody } from "@/lib/api/similarity-contract";

export class RequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly type: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

export const isAbort = (e: unknown): boolean => (e as Error | null)?.name === "AbortError";

/** `e` as a RequestError: itself when it is one, else a network failure carrying its message. */
export function toRequestError(e: unknown): RequestError {
  if (e instanceof RequestError) return e;
  return new RequestError(String((e as Error | null)?.message ?? e) || "network error", null, "network");
}

function isApiErrorBody(x: unknown): x is ApiErrorBody {
  const e = (x as ApiErrorBody | null)?.error;
  return typeof e === "object" && e !== null && typeof e.message === "string" && typeof e.type === "string";
}

/** The error an unsuccessful answer describes: the API's error body when it sent one, else its status alone. */
export function answerError(status: number, statusText: string, json: unknown): RequestError {
  if (isApiErrorBody(json)) return new RequestError(json.error.message, status, json.error.type, json.error.field);
  return new RequestError(statusText || `HTTP ${status}`, status, "http");
}
