/**
 * Progress for long requests, as NDJSON: when a client sends `Accept: application/x-ndjson`, a route answers 200 at
 * once and writes one JSON object per line — `progress` lines while it works, then exactly one `result` (the same body
 * the plain JSON answer would have) or one `error` (the body and status the plain answer would have had).
 * Requests are validated before the stream starts, so bad input still gets an ordinary 4xx.
 */
import { cancelledError } from "@/lib/engine/errors";
import { yieldToEventLoop as giveTurn } from "@/lib/event-loop";
import { log } from "@/lib/log";
import { toApiError } from "./errors";
import { NDJSON_TYPE, type StreamLine } from "./progress-contract";

export type ProgressReport = (stage: string, done: number, total: number) => void;

/** Streamed answers, each with a promise of its end: what its work threw (cancelled, failed), or undefined. */
const ends = new WeakMap<Response, Promise<unknown>>();

/** When `res` is a streamed answer, the promise of its end (see `ends`); null for any other response. */
export function streamEnd(res: Response): Promise<unknown> | null {
  return ends.get(res) ?? null;
}

export function wantsNdjson(req: Request): boolean {
  return (req.headers.get("accept") ?? "").toLowerCase().includes(NDJSON_TYPE);
}

function errorLine(thrown: unknown): StreamLine<never> {
  const e = toApiError(thrown);
  if (e) {
    return {
      type: "error",
      status: e.status,
      error: { message: e.message, type: e.type, ...(e.field ? { field: e.field } : {}) },
    };
  }
  log.error({ err: thrown }, "unexpected error in streamed route");
  return {
    type: "error",
    status: 500,
    error: { message: "internal error; the server log has details", type: "internal" },
  };
}

/**
 * Runs `work` and streams its progress. `signal` aborts when the client goes away (the request's own signal, or the
 * stream being cancelled), so work can stop between steps.
 */
export function ndjsonResponse<T>(
  req: Request,
  work: (report: ProgressReport, signal: AbortSignal) => Promise<T>,
): Response {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  req.signal?.addEventListener("abort", () => abort.abort(), { once: true });
  let ended = (_thrown: unknown) => {};
  const end = new Promise<unknown>((resolve) => {
    ended = resolve;
  });
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (line: StreamLine<T>) => {
        if (!abort.signal.aborted) controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      };
      let thrown: unknown;
      try {
        const data = await work((stage, done, total) => write({ type: "progress", stage, done, total }), abort.signal);
        write({ type: "result", data });
      } catch (e) {
        thrown = e;
        if (!abort.signal.aborted) write(errorLine(e));
      }
      if (!abort.signal.aborted) controller.close();
      ended(abort.signal.aborted && thrown === undefined ? cancelledError() : thrown);
    },
    cancel() {
      abort.abort();
    },
  });
  const res = new Response(stream, {
    status: 200,
    headers: {
      "content-type": `${NDJSON_TYPE}; charset=utf-8`,
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    },
  });
  ends.set(res, end);
  return res;
}

/** Lets other requests run between heavy synchronous steps; throws when the client has gone. */
export async function yieldToEventLoop(signal?: AbortSignal): Promise<void> {
  await giveTurn();
  if (signal?.aborted) throw cancelledError();
}
