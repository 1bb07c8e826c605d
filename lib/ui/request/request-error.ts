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

/** A body that is a short plain-text message (not an HTML error page), or null. */
function plainText(text: string): string | null {
  const s = text.trim();
  return s && s.length <= 500 && !s.startsWith("<") ? s : null;
}

/**
 * The error an unsuccessful answer describes: the API's error body when it sent one, else the body's own words when it
 * is plain text, else its status alone.
 */
export function answerError(status: number, statusText: string, json: unknown, text = ""): RequestError {
  const body = ApiErrorBodySchema.safeParse(json);
  if (body.success) {
    const { message, type, field } = body.data.error;
    return new RequestError(message, status, type, field);
  }
  const words = json === undefined ? plainText(text) : null;
  return new RequestError(words ?? (statusText || `HTTP ${status}`), status, "http");
}
