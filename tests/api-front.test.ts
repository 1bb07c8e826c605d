/**
 * The API as the server serves it before Next (lib/api/api-front.ts), over real HTTP: HEAD and OPTIONS, request bodies
 * read whole or streamed, and answers streamed to the client as their work goes.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quietRequestLogs } from "./helpers/api-request";
import { type ApiServer, startApiServer } from "./helpers/api-server";
import { rawRequest } from "./helpers/raw-request";

const MAX_BODY_BYTES = 64 * 1024;

let server: ApiServer;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  process.env.BGE_M3_MAX_BODY_BYTES = String(MAX_BODY_BYTES);
  await quietRequestLogs();
  const { loadEngine } = await import("@/lib/engine");
  await loadEngine();
  server = await startApiServer();
});
afterAll(() => server.close());

/** POSTs `parts` one write at a time without a Content-Length (chunked); resolves with the status and body. */
function postChunked(path: string, parts: string[], headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; chunks: number }>((resolve, reject) => {
    const req = http.request(
      `${server.url}${path}`,
      { method: "POST", headers: { "content-type": "application/json", ...headers } },
      (res) => {
        let body = "";
        let chunks = 0;
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          body += c;
          chunks++;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, chunks }));
      },
    );
    req.on("error", reject);
    for (const p of parts) req.write(p);
    req.end();
  });
}

describe("the API before Next", () => {
  it("answers HEAD on a GET route with the GET's status and headers and no body", async () => {
    const head = await rawRequest(`${server.url}/api/health`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers["content-type"]).toMatch(/application\/json/);
    expect(head.headers["x-content-type-options"]).toBe("nosniff");
    expect(head.body).toBe("");
  });

  it("answers OPTIONS without a preflight with 204 and the route's methods", async () => {
    const post = await rawRequest(`${server.url}/api/embed`, { method: "OPTIONS" });
    expect([post.status, post.headers.allow, post.body]).toEqual([204, "OPTIONS, POST", ""]);
    const get = await rawRequest(`${server.url}/metrics`, { method: "OPTIONS" });
    expect([get.status, get.headers.allow]).toEqual([204, "GET, HEAD, OPTIONS"]);
  });

  it("answers whatever the Host header holds", async () => {
    const r = await rawRequest(`${server.url}/api/health`, { method: "GET", headers: { host: "[not a host" } });
    expect(r.status).toBe(200);
  });

  it("leaves a path that is not the API's to the next handler (Next's pages)", async () => {
    expect((await rawRequest(`${server.url}/api/embedding`, { method: "POST", body: "{}" })).status).toBe(404);
  });

  it("reads a body sent in pieces without a Content-Length", async () => {
    const parts = ['{"texts": ["first', ' text", "second text"]', ', "mode": "dense"}'];
    const r = await postChunked("/api/embed", parts);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).embeddings).toHaveLength(2);
  });

  it("refuses a streamed body over the limit with 413, and a declared one before reading it", async () => {
    const filler = "x".repeat(16 * 1024);
    const parts = ['{"texts": ["', ...Array.from({ length: 5 }, () => filler), '"]}'];
    const streamed = await postChunked("/api/embed", parts);
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error.type).toBe("payload_too_large");
    const declared = await rawRequest(`${server.url}/api/embed`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ texts: ["y".repeat(MAX_BODY_BYTES)] }),
    });
    expect([declared.status, JSON.parse(declared.body).error.type]).toEqual([413, "payload_too_large"]);
  });

  it("streams progress lines, then the result, as NDJSON", async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `text number ${i} of a matrix with progress lines`);
    const r = await postChunked("/api/matrix", [JSON.stringify({ texts })], { accept: "application/x-ndjson" });
    expect(r.status).toBe(200);
    const lines = r.body
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string });
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(0, -1).every((l) => l.type === "progress")).toBe(true);
    expect(lines.at(-1)!.type).toBe("result");
  });
});
