/**
 * The browser's requests to the API: `getJson` and `postJson` resolve with the checked JSON answer; `postNdjson` asks
 * a long route for its progress stream (`Accept: application/x-ndjson`, see `lib/api/progress-stream.ts`), reports
 * each progress line and resolves with the result line. All reject with `RequestError`, or an AbortError on abort.
 */
import { NDJSON_TYPE, type StreamLine } from "@/lib/api/progress-contract";
import type { Guard } from "./guards";
import { answerError, isAbort, RequestError } from "./request-error";

/** One progress line: `stage` names the work ("encode", "score", "search"), `done` and `total` count its units. */
export interface Progress {
  stage: string;
  done: number;
  total: number;
}

const JSON_TYPE = "application/json";

/** Runs `step`; a failure that is not an abort means the server was not reached (or the answer broke off). */
async function orNetworkError<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new RequestError((e as Error).message || "network error", null, "network");
  }
}

const post = (body: unknown, accept: string, signal?: AbortSignal): RequestInit => ({
  method: "POST",
  headers: { "content-type": JSON_TYPE, accept },
  body: JSON.stringify(body),
  signal,
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The answer's JSON if it succeeded and fits `guard`; otherwise the RequestError it describes. */
async function answerOf<T>(res: Response, guard: Guard<T>): Promise<T> {
  const text = await orNetworkError(() => res.text());
  const json = parseJson(text);
  if (!res.ok) throw answerError(res.status, res.statusText, json, text);
  if (!guard(json)) throw new RequestError("the answer has an unexpected shape", res.status, "bad_response");
  return json;
}

export async function getJson<T>(url: string, guard: Guard<T>, signal?: AbortSignal): Promise<T> {
  const res = await orNetworkError(() => fetch(url, { headers: { accept: JSON_TYPE }, signal }));
  return answerOf(res, guard);
}

export async function postJson<T>(url: string, body: unknown, guard: Guard<T>, signal?: AbortSignal): Promise<T> {
  const res = await orNetworkError(() => fetch(url, post(body, JSON_TYPE, signal)));
  return answerOf(res, guard);
}

/** Posts `body` and follows the progress stream to its result, which must fit `guard`. */
export async function postNdjson<T>(
  url: string,
  body: unknown,
  guard: Guard<T>,
  onProgress: (p: Progress) => void,
  signal?: AbortSignal,
): Promise<T> {
  const res = await orNetworkError(() => fetch(url, post(body, NDJSON_TYPE, signal)));
  if (!res.ok || !res.body) {
    const text = await orNetworkError(() => res.text());
    throw answerError(res.status, res.statusText, parseJson(text), text);
  }
  for await (const line of lines(res.body)) {
    const result = readLine(line, guard, onProgress, res.status);
    if (result) return result.data;
  }
  throw new RequestError("the stream ended without a result", res.status, "bad_response");
}

/** The stream's lines as they arrive, the last one even without its newline; leaving early cancels the stream. */
async function* lines(body: NonNullable<Response["body"]>): AsyncGenerator<string> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await orNetworkError(() => reader.read());
      buffer += value ?? "";
      const parts = buffer.split("\n");
      buffer = parts.pop()!;
      yield* parts;
      if (done) break;
    }
    yield buffer;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Acts on one line: reports progress, throws an error line, returns a checked result; blank lines are skipped. */
function readLine<T>(
  line: string,
  guard: Guard<T>,
  onProgress: (p: Progress) => void,
  status: number,
): { data: T } | null {
  if (!line.trim()) return null;
  const msg = parseJson(line) as StreamLine<unknown> | null | undefined;
  if (typeof msg !== "object" || msg === null)
    throw new RequestError("the server sent a line that is not JSON", status, "bad_response");
  if (msg.type === "progress") onProgress({ stage: msg.stage, done: msg.done, total: msg.total });
  if (msg.type === "error") throw new RequestError(msg.error.message, msg.status, msg.error.type, msg.error.field);
  if (msg.type !== "result") return null;
  if (!guard(msg.data)) throw new RequestError("the result has an unexpected shape", status, "bad_response");
  return { data: msg.data };
}
