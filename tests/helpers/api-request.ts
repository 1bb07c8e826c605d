/** Builds requests for route handlers called directly (no server): JSON by default, any body or headers allowed. */
import type { OpenAIErrorBody } from "@/lib/api/errors";
import type { ApiErrorBody } from "@/lib/api/schemas";

export type Handler = (req: Request) => Response | Promise<Response>;

export const JSON_HEADERS = { "content-type": "application/json" };

/** POSTs `body` (JSON-encoded unless it is already a string) to `handler`. */
export function postTo(
  handler: Handler,
  path: string,
  body: unknown,
  headers: Record<string, string> = JSON_HEADERS,
): Promise<Response> {
  return Promise.resolve(
    handler(
      new Request(`http://127.0.0.1${path}`, {
        method: "POST",
        headers,
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    ),
  );
}

export const getFrom = (handler: Handler, path: string): Promise<Response> =>
  Promise.resolve(handler(new Request(`http://127.0.0.1${path}`)));

/** Keeps the one-line-per-request logs out of the test output (warnings and errors still show). */
export async function quietRequestLogs(): Promise<void> {
  const { log } = await import("@/lib/log");
  log.level = "warn";
}

/** An error body of either shape in this API's terms: OpenAI's `code` is the type and its `param` the field. */
export function errorOf(body: ApiErrorBody | OpenAIErrorBody): ApiErrorBody["error"] {
  const e = body.error;
  if (!("code" in e)) return e;
  return { message: e.message, type: e.code, ...(e.param === null ? {} : { field: e.param }) };
}
