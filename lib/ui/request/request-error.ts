/**
 * The one error every request of the browser rejects with (except an abort, which stays a DOMException named
 * "AbortError"). `status` is the HTTP status, or null when the server was not reached. `type` is the API's error type
 * (e.g. "invalid_request", "model_not_ready", "queue_full"), "network", "http" or "bad_response".
 */
import { ApiErrorBodySchema } from "@/lib/api/schemas";

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

/** The error an unsuccessful answer describes: the API's error body when it sent one, else its status alone. */
export function answerError(status: number, statusText: string, json: unknown): RequestError {
  const body = ApiErrorBodySchema.safeParse(json);
  if (body.success) {
    const { message, type, field } = body.data.error;
    return new RequestError(message, status, type, field);
  }
  return new RequestError(statusText || `HTTP ${status}`, status, "http");
}
