/**
 * onnxruntime memory-maps a graph's external data (onnx/model.onnx_data, which every encoder stage refers to), so a
 * file truncated under a running server would end it with SIGBUS at the next inference. The engine notices the change
 * first and refuses, naming the file, until the server is restarted with the model.
 */
import { truncateSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getFrom, postTo, quietRequestLogs } from "./helpers/api-request";
import { copyTestModel } from "./helpers/model-copy";

const model = copyTestModel("bge-m3-changed-", "bge-m3-tiny");
process.env.BGE_M3_MODEL_DIR = model.dir;
process.env.BGE_M3_CACHE_MB = "0";
await quietRequestLogs();
const { API_HANDLERS } = await import("@/lib/api/handlers");
const embed = API_HANDLERS["/api/embed"];
const health = API_HANDLERS["/api/health"];
const tokenize = API_HANDLERS["/api/tokenize"];

afterAll(() => model.remove());

describe("a model file changed under the running engine", () => {
  it("gets 503 naming the file for work that needs the model, and /api/health says so; the rest still answers", async () => {
    expect((await postTo(embed, "/api/embed", { texts: ["before the change"] })).status).toBe(200);
    const data = path.join(model.dir, "onnx", "model.onnx_data");
    truncateSync(data, 2_000_000);

    const refused = await postTo(embed, "/api/embed", { texts: ["a text not encoded before"] });
    expect(refused.status).toBe(503);
    const { error } = await refused.json();
    expect(error.type).toBe("model_changed");
    expect(error.message).toContain(data);

    const h = await getFrom(health, "/api/health");
    expect(h.status).toBe(503);
    expect(await h.json()).toMatchObject({ status: "failed", reason: expect.stringContaining(data) });

    expect((await postTo(tokenize, "/api/tokenize", { texts: ["still answering"] })).status).toBe(200);
  });
});
