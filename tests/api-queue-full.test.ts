import { beforeAll, describe, expect, it } from "vitest";
import { postTo, quietRequestLogs } from "./helpers/api-request";

let POST: (req: Request) => Promise<Response>;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  // A tiny queue and a long window: requests that arrive together wait for each other, so the first one is still
  // queued when the others are admitted.
  process.env.BGE_M3_MAX_QUEUE_TOKENS = "16";
  process.env.BGE_M3_BATCH_WINDOW_MS = "300";
  process.env.BGE_M3_CACHE_MB = "0";
  await quietRequestLogs();
  POST = (await import("@/lib/api/handlers")).API_HANDLERS["/api/embed"];
  const { loadEngine } = await import("@/lib/engine");
  await loadEngine();
});

describe("POST /api/embed under overload", () => {
  it("answers 503 queue_full with Retry-After instead of queueing beyond BGE_M3_MAX_QUEUE_TOKENS, then serves again", async () => {
    const first = postTo(POST, "/api/embed", { texts: ["one", "two", "three", "four"] });
    const others = await Promise.all(
      Array.from({ length: 5 }, (_, i) => postTo(POST, "/api/embed", { texts: [`extra ${i}`] })),
    );
    for (const r of others) {
      expect(r.status).toBe(503);
      expect(r.headers.get("retry-after")).toBe("2");
      const body = await r.json();
      expect(body.error.type).toBe("queue_full");
      expect(body.error.message).toMatch(/\d+ tokens are waiting and the queue holds 16 \(BGE_M3_MAX_QUEUE_TOKENS\)/);
    }
    expect((await first).status).toBe(200);
    const after = await postTo(POST, "/api/embed", { texts: ["extra 0"] });
    expect(after.status).toBe(200);
  });
});
