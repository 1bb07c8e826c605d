import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiRoute, apiRouteSync } from "@/lib/api/api-route";
import { ApiError } from "@/lib/api/errors";
import { log } from "@/lib/log";
import { postTo } from "./helpers/api-request";

type Line = Record<string, unknown>;
let lines: Line[];
beforeAll(() => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
});
afterEach(() => vi.restoreAllMocks());

function capture() {
  lines = [];
  // Only the per-request lines: model loading and unexpected errors log other messages.
  const push = (obj: unknown, msg?: unknown) => {
    if (msg === "request") lines.push(obj as Line);
  };
  vi.spyOn(log, "info").mockImplementation(push as never);
  vi.spyOn(log, "error").mockImplementation(push as never);
}

describe("the request wrapper", () => {
  it("logs one line per request with route, status, texts, tokens, queue ms and inference ms", async () => {
    capture();
    const POST = (await import("@/lib/api/handlers")).API_HANDLERS["/api/embed"];
    const r = await postTo(POST, "/api/embed", { texts: ["one", "two"] });
    expect(r.status).toBe(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ route: "/api/embed", method: "POST", status: 200, texts: 2 });
    for (const k of ["tokens", "tokenize_ms", "queue_ms", "inference_ms", "ms"])
      expect(typeof lines[0]![k]).toBe("number");
    expect(lines[0]!.tokens).toBeGreaterThan(4);
  });

  it("logs the error type with the status of a refused request", async () => {
    capture();
    const POST = (await import("@/lib/api/handlers")).API_HANDLERS["/api/similarity"];
    const r = await postTo(POST, "/api/similarity", "{oops");
    expect(r.status).toBe(400);
    expect(lines).toEqual([expect.objectContaining({ route: "/api/similarity", status: 400, error: "invalid_json" })]);
  });

  const INTERNAL = "internal error; the server log has details";
  it.each([
    ["/api/embed", { error: { message: INTERNAL, type: "internal" } }],
    ["/v1/embeddings", { error: { message: INTERNAL, type: "server_error", param: null, code: "internal" } }],
  ] as const)(
    "turns an unexpected exception at %s into a 500 in its error shape, no details, logged as an error",
    async (route, body) => {
      capture();
      const handler = apiRoute(route, async () => {
        throw new Error("secret detail");
      });
      const r = await postTo(handler, route, {});
      expect(r.status).toBe(500);
      expect(await r.json()).toEqual(body);
      expect(log.error).toHaveBeenCalled();
      expect(lines).toEqual([expect.objectContaining({ route, status: 500, error: "internal" })]);
    },
  );

  it("logs a streamed answer once it has ended, with the texts and tokens it encoded", async () => {
    capture();
    const POST = (await import("@/lib/api/handlers")).API_HANDLERS["/api/matrix"];
    const texts = ["a streamed matrix", "of three texts", "logged at its end"];
    const headers = { "content-type": "application/json", accept: "application/x-ndjson" };
    const r = await postTo(POST, "/api/matrix", { texts }, headers);
    expect(r.status).toBe(200);
    const body = await r.text();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(body.trim().split("\n").at(-1)).toContain('"type":"result"');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ route: "/api/matrix", status: 200, texts: 3 });
    expect(lines[0]!.tokens).toBeGreaterThan(texts.length * 2);
    expect(lines[0]!.inference_ms).toBeGreaterThan(0);
  });

  it("logs a streamed answer the client left as cancelled", async () => {
    capture();
    const POST = (await import("@/lib/api/handlers")).API_HANDLERS["/api/matrix"];
    const controller = new AbortController();
    const req = new Request("http://127.0.0.1/api/matrix", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/x-ndjson" },
      body: JSON.stringify({ texts: ["a stream", "nobody reads to the end", "cancelled"] }),
      signal: controller.signal,
    });
    const r = await POST(req);
    expect(lines).toHaveLength(0);
    controller.abort();
    await r.body?.cancel().catch(() => undefined);
    for (let i = 0; i < 100 && lines.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines).toEqual([expect.objectContaining({ route: "/api/matrix", status: 200, error: "cancelled" })]);
  });

  it("keeps a synchronous handler synchronous and maps ApiError to its status", () => {
    capture();
    const handler = apiRouteSync("/api/health", () => {
      throw new ApiError("model_not_ready", "loading");
    });
    const r = handler();
    expect(r).toBeInstanceOf(Response);
    expect(r.status).toBe(503);
    expect(lines).toEqual([expect.objectContaining({ route: "/api/health", method: "GET", status: 503 })]);
  });
});
