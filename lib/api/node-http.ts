/**
 * Between Node's http objects and fetch's: a `Request` for an incoming request, whose signal aborts when the client
 * goes away, and a `Response` written to the client as its body comes, at the pace the client reads it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

/** Bodies up to this size that declare their length are read whole before the handler starts, not streamed. */
const WHOLE_BODY_BYTES = 1 << 20;

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

/** Node checks the body against its Content-Length, so reading a declared small body whole is bounded. */
async function wholeBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks) as Uint8Array<ArrayBuffer>;
}

/** An AbortSignal that aborts when `res` closes before it has been written to the end. */
function clientGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** The fetch `Request` for `req`; a small body is already read, a larger or unsized one streams. */
export async function toRequest(req: IncomingMessage, res: ServerResponse): Promise<Request> {
  const method = req.method ?? "GET";
  // A fixed origin: handlers read only the path and query, and a malformed Host header cannot make the URL invalid.
  const url = `http://localhost${req.url ?? "/"}`;
  const init: RequestInit & { duplex?: "half" } = { method, headers: headersOf(req), signal: clientGone(res) };
  if (method !== "GET" && method !== "HEAD") {
    const declared = Number(req.headers["content-length"] ?? Number.NaN);
    if (declared <= WHOLE_BODY_BYTES) init.body = await wholeBody(req);
    else {
      init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
      init.duplex = "half";
    }
  }
  return new Request(url, init);
}

/** Resolves once `res` can take more, or has closed. */
const drained = (res: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });

/**
 * Writes `answer` to `res`: its status and headers (beside those already set on `res`), then its body a chunk at a
 * time, waiting while the client reads. A client that goes away cancels the body, which stops the work behind it.
 */
export async function sendResponse(res: ServerResponse, answer: Response, method = "GET"): Promise<void> {
  const cookies = answer.headers.getSetCookie();
  const headers = Object.fromEntries([...answer.headers].filter(([name]) => name !== "set-cookie"));
  res.writeHead(answer.status, cookies.length > 0 ? { ...headers, "set-cookie": cookies } : headers);
  if (!answer.body || method === "HEAD") {
    await answer.body?.cancel();
    res.end();
    return;
  }
  const reader = answer.body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  res.once("close", cancel);
  try {
    // The next chunk is asked for before waiting for the socket, so making it and sending the last one overlap.
    for (let next = reader.read(); ; ) {
      const { done, value } = await next;
      if (done) break;
      if (res.destroyed) return;
      const flowing = res.write(value);
      next = reader.read();
      if (!flowing) await drained(res);
    }
    res.end();
  } finally {
    res.off("close", cancel);
  }
}
