/**
 * A Hugging Face-like file server on 127.0.0.1 for download tests: serves a directory under
 * `/{repo}/resolve/{revision}/{path}` (and under `/cdn/{path}`, as a redirect target), honours `Range`,
 * records every request, and injects faults per file path.
 */
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/** A fault that applies to the first `times` requests for a file (Infinity: every request). */
interface Countdown {
  times: number;
}

export interface Faults {
  /** Send this many body bytes, then destroy the connection. */
  cut: Map<string, Countdown & { afterBytes: number }>;
  /** Send this many body bytes, then stop sending without closing (a stall). */
  stall: Map<string, Countdown & { afterBytes: number }>;
  /** Flip one byte of the body at this file offset. */
  corrupt: Map<string, Countdown & { offset: number }>;
  /** Answer with this status instead of the file. */
  status: Map<string, Countdown & { code: number }>;
  /** Answer 302 to this base URL + `/cdn/{path}`. */
  redirect: Map<string, string>;
  /** Answer a 206 whose Content-Range starts at 0 whatever was asked. */
  wrongContentRange: Set<string>;
  /** Paths (or "*" for all) for which `Range` is ignored and the whole file is sent with 200. */
  ignoreRange: Set<string>;
  /** Answer 200 with an HTML page (no Content-Length), like a mirror's error or login page. */
  html: Set<string>;
  /** Send the file with this `Content-Type`. */
  contentType: Map<string, string>;
  /** Send the whole file and then this many more bytes, without Content-Length. */
  extraBytes: Map<string, number>;
  /** Redirect for ever: "cycle" between the hub URL and `/cdn/{path}`, "chain" to a new `/cdn/{path}?hop=N` each time. */
  redirectLoop: Map<string, "cycle" | "chain">;
  /** Answer only once this promise settles (keeps a download in progress while a test acts). */
  hold: Map<string, Promise<unknown>>;
}

export interface RecordedRequest {
  path: string;
  url: string;
  range: string | undefined;
  authorization: string | undefined;
  acceptEncoding: string | undefined;
}

export interface FakeHub {
  url: string;
  faults: Faults;
  requests: RecordedRequest[];
  /** Requests for one file path. */
  requestsFor(filePath: string): RecordedRequest[];
  close(): Promise<void>;
}

/** Consumes one use of a countdown fault; true when it applies to this request. */
function take<T extends Countdown>(map: Map<string, T>, key: string): T | undefined {
  const fault = map.get(key);
  if (!fault || fault.times <= 0) return undefined;
  fault.times--;
  return fault;
}

/** Maps a request URL to the served file path, or undefined for an unknown URL. */
function filePathOf(url: string, repo: string, revision: string): string | undefined {
  const pathname = new URL(url, "http://x").pathname;
  const hubPrefix = `/${repo}/resolve/${encodeURIComponent(revision)}/`;
  const prefix = pathname.startsWith(hubPrefix) ? hubPrefix : pathname.startsWith("/cdn/") ? "/cdn/" : undefined;
  if (!prefix) return undefined;
  return pathname.slice(prefix.length).split("/").map(decodeURIComponent).join("/");
}

/** Start byte of `Range: bytes=N-`, or undefined. */
function rangeStart(header: string | undefined): number | undefined {
  const match = header?.match(/^bytes=(\d+)-$/);
  return match ? Number(match[1]) : undefined;
}

/** Where a redirect-loop fault sends a request for `filePath` that arrived at `url`. */
function loopTarget(loop: "cycle" | "chain", url: string, filePath: string, opts: { repo: string; revision: string }) {
  const cdn = `/cdn/${filePath}`;
  if (loop === "chain") return `${cdn}?hop=${Number(new URL(url, "http://x").searchParams.get("hop") ?? 0) + 1}`;
  const hubPath = `/${opts.repo}/resolve/${encodeURIComponent(opts.revision)}/${filePath}`;
  return url.startsWith("/cdn/") ? hubPath : `${cdn}?loop`;
}

function sendBody(res: http.ServerResponse, body: Buffer, faults: Faults, filePath: string) {
  const cut = take(faults.cut, filePath);
  const stall = take(faults.stall, filePath);
  const limit = cut?.afterBytes ?? stall?.afterBytes;
  if (limit === undefined || limit >= body.length) {
    res.end(body);
    return;
  }
  res.write(body.subarray(0, limit), () => {
    if (cut) res.socket?.destroy();
  });
}

export async function startFakeHub(opts: { root: string; repo: string; revision: string }): Promise<FakeHub> {
  const faults: Faults = {
    cut: new Map(),
    stall: new Map(),
    corrupt: new Map(),
    status: new Map(),
    redirect: new Map(),
    wrongContentRange: new Set(),
    ignoreRange: new Set(),
    html: new Set(),
    contentType: new Map(),
    extraBytes: new Map(),
    redirectLoop: new Map(),
    hold: new Map(),
  };
  const requests: RecordedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const filePath = filePathOf(req.url ?? "/", opts.repo, opts.revision);
    requests.push({
      path: filePath ?? "",
      url: req.url ?? "",
      range: req.headers.range,
      authorization: req.headers.authorization,
      acceptEncoding: req.headers["accept-encoding"],
    });
    if (!filePath) return void res.writeHead(404).end("unknown URL");
    await faults.hold.get(filePath)?.catch(() => {});
    const loop = faults.redirectLoop.get(filePath);
    if (loop) return void res.writeHead(302, { location: loopTarget(loop, req.url ?? "", filePath, opts) }).end();
    if (faults.html.has(filePath)) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return void res.end("<!doctype html><html><body><h1>Welcome</h1><p>Please sign in.</p></body></html>\n");
    }
    const status = take(faults.status, filePath);
    if (status) return void res.writeHead(status.code).end(`fault ${status.code}`);
    const target = faults.redirect.get(filePath);
    if (target && req.url?.startsWith(`/${opts.repo}/`)) {
      return void res.writeHead(302, { location: `${target}/cdn/${filePath}?signature=abc` }).end("Found.");
    }
    let body: Buffer;
    try {
      body = await readFile(path.join(opts.root, filePath));
    } catch {
      return void res.writeHead(404, { "x-error-code": "EntryNotFound" }).end("Entry not found");
    }
    const corrupt = take(faults.corrupt, filePath);
    if (corrupt) {
      body = Buffer.from(body);
      body[corrupt.offset] = (body[corrupt.offset] ?? 0) ^ 0xff;
    }
    const start = rangeStart(req.headers.range);
    const ignore = faults.ignoreRange.has("*") || faults.ignoreRange.has(filePath);
    if (start === undefined || ignore || start >= body.length) {
      if (start !== undefined && !ignore) {
        return void res.writeHead(416, { "content-range": `bytes */${body.length}` }).end();
      }
      const extra = faults.extraBytes.get(filePath);
      if (extra !== undefined) {
        res.writeHead(200, { "accept-ranges": "bytes" });
        return void res.end(Buffer.concat([body, Buffer.alloc(extra, 0x20)]));
      }
      const type = faults.contentType.get(filePath);
      res.writeHead(200, {
        "content-length": body.length,
        "accept-ranges": "bytes",
        ...(type && { "content-type": type }),
      });
      return sendBody(res, body, faults, filePath);
    }
    const from = faults.wrongContentRange.has(filePath) ? 0 : start;
    const part = body.subarray(from);
    res.writeHead(206, {
      "content-length": part.length,
      "content-range": `bytes ${from}-${body.length - 1}/${body.length}`,
    });
    sendBody(res, part, faults, filePath);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    requests,
    requestsFor: (filePath) => requests.filter((r) => r.path === filePath),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
