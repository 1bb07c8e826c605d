import { describe, expect, it } from "vitest";

describe("GET /api/health", () => {
  it("answers 503 with a reason while the model loads, then 200 once it is ready", async () => {
    process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
    const GET = (await import("@/lib/api/handlers")).API_HANDLERS["/api/health"];
    const { loadEngine } = await import("@/lib/engine");
    const first = GET();
    expect(first.status).toBe(503);
    expect((await first.json()).status).toBe("loading");
    await loadEngine();
    const ready = GET();
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ok", test_model: true });
  });
});
