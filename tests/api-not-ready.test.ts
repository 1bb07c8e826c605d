import { describe, expect, it } from "vitest";
import { InfoResponseSchema } from "@/lib/api/info-contract";
import { getFrom, postTo, quietRequestLogs } from "./helpers/api-request";

describe("the API before the model is ready", () => {
  it("answers 503 model_not_ready with Retry-After while the model loads, then 200", async () => {
    process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
    await quietRequestLogs();
    const POST = (await import("@/lib/api/handlers")).API_HANDLERS["/api/embed"];
    const { loadEngine } = await import("@/lib/engine");
    const loading = loadEngine();
    const r = await postTo(POST, "/api/embed", { texts: ["too early"] });
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("2");
    expect((await r.json()).error).toMatchObject({
      type: "model_not_ready",
      message: expect.stringMatching(/loading/),
    });
    await loading;
    expect((await postTo(POST, "/api/embed", { texts: ["now"] })).status).toBe(200);
  });
});

describe("the API when the model failed to load", () => {
  it("answers 503 with the reason on every encoding route, and /api/info reports it with 200", async () => {
    // A fresh engine holder: forget the loaded one, then point at a directory without a model.
    const g = globalThis as { __bgeM3Engine?: unknown; __bgeM3Encoder?: unknown };
    g.__bgeM3Engine = undefined;
    g.__bgeM3Encoder = undefined;
    const { vi } = await import("vitest");
    vi.resetModules();
    process.env.BGE_M3_MODEL_DIR = "models/does-not-exist";
    const { API_HANDLERS } = await import("@/lib/api/handlers");
    const routes: [string, (req: Request) => Promise<Response>, unknown][] = [
      ["/api/embed", API_HANDLERS["/api/embed"], { texts: ["x"] }],
      ["/v1/embeddings", API_HANDLERS["/v1/embeddings"], { input: "x" }],
      ["/api/rerank", API_HANDLERS["/api/rerank"], { query: "q", documents: ["d"] }],
      ["/api/tokenize", API_HANDLERS["/api/tokenize"], { texts: ["x"] }],
    ];
    for (const [path, handler, body] of routes) {
      const r = await postTo(handler, path, body);
      expect(r.status, path).toBe(503);
      expect((await r.json()).error.message, path).toMatch(/failed to load: .*does-not-exist/);
    }
    // The body is validated before the model is asked for: bad input stays a 400 whatever the model's state.
    const bad = await postTo(routes[1]![1], "/v1/embeddings", { input: [] });
    expect(bad.status).toBe(400);
    const info = InfoResponseSchema.parse(await (await getFrom(API_HANDLERS["/api/info"], "/api/info")).json());
    expect(info.status).toBe("failed");
    expect(info.reason).toMatch(/does-not-exist/);
    expect(info.model).toBeNull();
  });
});
