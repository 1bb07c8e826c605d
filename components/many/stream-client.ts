/**
 * The browser's side of the NDJSON progress streams of `/api/matrix` and `/api/tune`: posts JSON with
 * `Accept: application/x-ndjson`, reports each progress line, and resolves with the result line. Failures reject with
 * the compare page's `SimilarityError`, so its `ErrorPanel` renders them.
 */
import type { StreamLine } from "@/lib/api/progress-stream";
import type { ApiErrorBody } from "@/lib/api/similarity-contract";
import { SimilarityError } from "@/lib/ui/similarity-client";

export interface Progress {
  stage: string;
  done: number;
  total: number;
}

function isApiErrorBody(x: unknown): x is ApiErrorBody {
  const e = (x as ApiErrorBody | null)?.error;
  return typeof e === "object" && e !== null && typeof e.message === "string" && typeof e.type === "string";
}

/** Posts JSON and resolves with the JSON answer (no progress); failures reject with SimilarityError. */
export async function postJson<T>(url: string, body: unknown, check: (x: unknown) => x is T, signal?: AbortSignal) {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new SimilarityError((e as Error).message || "network error", null, "network");
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // reported below with the status alone
  }
  if (!res.ok) {
    if (isApiErrorBody(json))
      throw new SimilarityError(json.error.message, res.status, json.error.type, json.error.field);
    throw new SimilarityError(res.statusText || `HTTP ${res.status}`, res.status, "http");
  }
  if (!check(json)) throw new SimilarityError("the answer has an unexpected shape", res.status, "bad_response");
  return json;
}

/** Posts `body` to `url` and follows the stream; `check` guards the result's shape. Rejects with AbortError on abort. */
export async function postWithProgress<T>(
  url: string,
  body: unknown,
  onProgress: (p: Progress) => void,
  check: (x: unknown) => x is T,
  signal?: AbortSignal,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/x-ndjson" },
      body: JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new SimilarityError((e as Error).message || "network error", null, "network");
  }
  if (!res.ok || !res.body) {
    let json: unknown = null;
    try {
      json = await res.json();
    } catch {
      // reported with the status alone
    }
    if (isApiErrorBody(json))
      throw new SimilarityError(json.error.message, res.status, json.error.type, json.error.field);
    throw new SimilarityError(res.statusText || `HTTP ${res.status}`, res.status, "http");
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const handle = (line: string): { done: true; value: T } | null => {
    if (!line.trim()) return null;
    let msg: StreamLine<unknown>;
    try {
      msg = JSON.parse(line);
    } catch {
      throw new SimilarityError("the server sent a line that is not JSON", res.status, "bad_response");
    }
    if (msg.type === "progress") onProgress({ stage: msg.stage, done: msg.done, total: msg.total });
    else if (msg.type === "error")
      throw new SimilarityError(msg.error.message, msg.status, msg.error.type, msg.error.field);
    else if (msg.type === "result") {
      if (!check(msg.data)) throw new SimilarityError("the result has an unexpected shape", res.status, "bad_response");
      return { done: true, value: msg.data };
    }
    return null;
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffer += value;
    let nl = buffer.indexOf("\n");
    while (nl >= 0) {
      const out = handle(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      if (out) {
        await reader.cancel().catch(() => undefined);
        return out.value;
      }
      nl = buffer.indexOf("\n");
    }
    if (done) {
      const out = handle(buffer);
      if (out) return out.value;
      throw new SimilarityError("the stream ended without a result", res.status, "bad_response");
    }
  }
}
