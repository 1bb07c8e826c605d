/**
 * When the inference thread dies, the calls it held fail with `engine_restarting` (503 with Retry-After) and the next
 * call starts a new thread with the same sessions and encoders. The thread is made to die with its test-only `exit`
 * message, which it handles between inference steps.
 */
import { describe, expect, it } from "vitest";
import { maxSimModel } from "@/lib/engine/maxsim-session";
import { createSession, runFloat } from "@/lib/engine/ort";
import { postTo, quietRequestLogs } from "./helpers/api-request";

process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
process.env.BGE_M3_CACHE_MB = "0";
await quietRequestLogs();
const embed = (await import("@/lib/api/handlers")).API_HANDLERS["/api/embed"];
const { InferenceThread } = await import("@/lib/engine/inference-thread");

const LONG_TEXT = "The quick brown fox jumps over the lazy dog near the riverbank. ".repeat(330);

/** Waits (at most 20 s) until `ready()` holds. */
async function until(ready: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 20_000; !ready(); ) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("a dead inference thread", () => {
  it("fails the request it held with 503 engine_restarting and Retry-After; the next request works, with the same numbers", async () => {
    const short = { texts: ["the numbers before and after"] };
    const before = await postTo(embed, "/api/embed", short);
    expect(before.status).toBe(200);
    const { embeddings } = await before.json();

    const thread = InferenceThread.shared();
    const inFlight = postTo(embed, "/api/embed", { texts: [LONG_TEXT] });
    await until(() => thread.callsInFlight > 0);
    const exited = thread.exitForTests(9);
    const refused = await inFlight;
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    const { error } = await refused.json();
    expect(error.type).toBe("engine_restarting");
    expect(error.message).toMatch(/inference thread stopped \(exit code 9\)/);
    await exited;

    const after = await postTo(embed, "/api/embed", short);
    expect(after.status).toBe(200);
    expect((await after.json()).embeddings).toEqual(embeddings);
  });

  it("is replaced with one holding the same sessions", async () => {
    const { session } = await createSession(maxSimModel(4), { threads: 1 });
    const inputs = {
      a: { data: Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0]), dims: [2, 4] },
      b: { data: Float32Array.from([0.5, 0.5, 0, 0]), dims: [1, 4] },
    };
    const first = await runFloat(session, inputs);
    await InferenceThread.shared().exitForTests(3);
    expect(await runFloat(session, inputs)).toEqual(first);
  });
});
