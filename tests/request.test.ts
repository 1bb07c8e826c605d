import { afterEach, describe, expect, it, vi } from "vitest";
import { getJson, type Progress, postJson, postNdjson } from "@/lib/ui/request/http";
import { RequestError } from "@/lib/ui/request/request-error";

const isOk = (x: unknown): x is { ok: true } => (x as { ok?: unknown } | null)?.ok === true;

/** Answers every fetch with `body` (a string, or lines streamed one chunk each) and `status`. */
function answer(body: string | string[], status = 200, statusText = "") {
  const chunks = typeof body === "string" ? [body] : body;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk));
      c.close();
    },
  });
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response(stream, { status, statusText })),
  );
}

async function failure(p: Promise<unknown>): Promise<RequestError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RequestError);
  return e as RequestError;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("JSON requests", () => {
  it("resolve with an answer that fits its guard", async () => {
    answer('{"ok":true}');
    await expect(postJson("/api/x", {}, isOk)).resolves.toEqual({ ok: true });
    answer('{"ok":true}');
    await expect(getJson("/api/x", isOk)).resolves.toEqual({ ok: true });
  });

  it("reject with the API's error body: message, status, type and field", async () => {
    answer(JSON.stringify({ error: { message: "a: too long", type: "invalid_request", field: "a" } }), 400);
    const e = await failure(postJson("/api/x", {}, isOk));
    expect([e.message, e.status, e.type, e.field]).toEqual(["a: too long", 400, "invalid_request", "a"]);
  });

  it("reject with the status alone when the error is not the API's", async () => {
    answer("<html>gateway</html>", 502, "Bad Gateway");
    const e = await failure(postJson("/api/x", {}, isOk));
    expect([e.message, e.status, e.type]).toEqual(["Bad Gateway", 502, "http"]);
  });

  it("reject an answer of the wrong shape as bad_response", async () => {
    answer('{"ok":false}');
    expect((await failure(postJson("/api/x", {}, isOk))).type).toBe("bad_response");
  });

  it("reject an unreachable server as network, with no status", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("fetch failed"))),
    );
    const e = await failure(postJson("/api/x", {}, isOk));
    expect([e.message, e.status, e.type]).toEqual(["fetch failed", null, "network"]);
  });

  it("let an abort through as an AbortError, not a RequestError", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new DOMException("aborted", "AbortError"))),
    );
    await expect(postJson("/api/x", {}, isOk)).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("NDJSON progress streams", () => {
  const progress = (stage: string, done: number, total: number) =>
    `${JSON.stringify({ type: "progress", stage, done, total })}\n`;

  it("report each progress line, then resolve with the result, even split across chunks or without a last newline", async () => {
    const result = JSON.stringify({ type: "result", data: { ok: true } });
    answer([
      progress("encode", 1, 2),
      progress("encode", 2, 2).slice(0, 10),
      progress("encode", 2, 2).slice(10),
      result,
    ]);
    const seen: Progress[] = [];
    await expect(postNdjson("/api/x", {}, isOk, (p) => seen.push(p))).resolves.toEqual({ ok: true });
    expect(seen).toEqual([
      { stage: "encode", done: 1, total: 2 },
      { stage: "encode", done: 2, total: 2 },
    ]);
  });

  it("reject with an error line's status and error", async () => {
    answer([
      progress("score", 1, 4),
      `${JSON.stringify({ type: "error", status: 503, error: { message: "busy", type: "queue_full" } })}\n`,
    ]);
    const e = await failure(postNdjson("/api/x", {}, isOk, () => undefined));
    expect([e.message, e.status, e.type]).toEqual(["busy", 503, "queue_full"]);
  });

  it("reject a stream that ends without a result, a line that is not JSON, or a result of the wrong shape", async () => {
    answer(progress("encode", 1, 2));
    expect((await failure(postNdjson("/api/x", {}, isOk, () => undefined))).message).toMatch(/without a result/);
    answer("not json\n");
    expect((await failure(postNdjson("/api/x", {}, isOk, () => undefined))).message).toMatch(/not JSON/);
    answer(`${JSON.stringify({ type: "result", data: { ok: 1 } })}\n`);
    expect((await failure(postNdjson("/api/x", {}, isOk, () => undefined))).type).toBe("bad_response");
  });

  it("reject a refused request (validated before the stream starts) with its error body", async () => {
    answer(
      JSON.stringify({ error: { message: "at least 2 texts are needed", type: "invalid_request", field: "texts" } }),
      400,
    );
    const e = await failure(postNdjson("/api/x", {}, isOk, () => undefined));
    expect([e.status, e.field]).toEqual([400, "texts"]);
  });
});
