/**
 * One HTTP exchange with a remote encoder over node:http (not fetch, which Next.js wraps): kept-alive connections, a
 * deadline on the whole exchange, a cap on the answer's size, and an abort signal.
 */
import http from "node:http";
import https from "node:https";

export interface HttpRequest {
  method: "GET" | "POST";
  url: URL;
  headers?: Record<string, string>;
  body?: Buffer;
  /** From sending to the answer's last byte. */
  timeoutMs: number;
  /** The answer is cut off (an error) past this many bytes. */
  maxBytes: number;
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Why an exchange gave no answer: no connection, no answer in time, an answer too big, or the caller went away. */
export class HttpFailure extends Error {
  constructor(
    readonly reason: "connection" | "timeout" | "too_large" | "aborted",
    message: string,
  ) {
    super(message);
    this.name = "HttpFailure";
  }
}

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

export function exchange(req: HttpRequest): Promise<HttpAnswer> {
  const secure = req.url.protocol === "https:";
  const headers = { ...req.headers, ...(req.body ? { "content-length": String(req.body.length) } : {}) };
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (err: HttpFailure | null, answer?: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
      if (err) {
        outgoing.destroy();
        reject(err);
      } else resolve(answer!);
    };
    const onAbort = () => finish(new HttpFailure("aborted", "the request was cancelled"));
    const timer = setTimeout(
      () => finish(new HttpFailure("timeout", `no answer within ${req.timeoutMs} ms`)),
      req.timeoutMs,
    );
    const outgoing = (secure ? https : http).request(
      req.url,
      { method: req.method, headers, agent: secure ? agents.https : agents.http },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > req.maxBytes) finish(new HttpFailure("too_large", `the answer is over ${req.maxBytes} bytes`));
          else chunks.push(chunk);
        });
        res.on("end", () =>
          finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", (e) => finish(new HttpFailure("connection", e.message)));
      },
    );
    outgoing.on("error", (e: NodeJS.ErrnoException) =>
      finish(new HttpFailure("connection", e.code ? `${e.code} (${e.message})` : e.message)),
    );
    if (req.signal?.aborted) return onAbort();
    req.signal?.addEventListener("abort", onAbort, { once: true });
    outgoing.end(req.body);
  });
}
