import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("a model that fails verification", () => {
  it("is refused at load, and health and the API say why", async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "bge-m3-bad-")), "bge-m3-tiny");
    cpSync("models/bge-m3-tiny", dir, { recursive: true });
    const file = path.join(dir, "onnx", "model.onnx_data");
    writeFileSync(file, readFileSync(file).subarray(0, 1000)); // truncated
    process.env.BGE_M3_MODEL_DIR = dir;

    const { loadEngine, engineState, modelVerification } = await import("@/lib/engine");
    await expect(loadEngine()).rejects.toThrow(/refusing to load the model.*onnx\/model\.onnx_data/);
    expect(engineState().status).toBe("failed");
    expect(modelVerification().status).toBe("failed");

    const GET = (await import("@/lib/api/handlers")).API_HANDLERS["/api/health"];
    const health = GET();
    expect(health.status).toBe(503);
    expect((await health.json()).reason).toMatch(/model\.onnx_data/);

    const POST = (await import("@/lib/api/handlers")).API_HANDLERS["/api/similarity"];
    const res = await POST(
      new Request("http://127.0.0.1/api/similarity", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ a: "x", b: "y" }),
      }),
    );
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatchObject({
      type: "model_not_ready",
      message: expect.stringMatching(/onnx_data/),
    });
  });
});
