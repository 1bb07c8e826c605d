import { describe, expect, it } from "vitest";
import { createSession, hiddenStateOutput, runEncoder } from "@/lib/engine/ort";
import { TEST_MODEL_DIR } from "./helpers/goldens";

const MODEL = `${TEST_MODEL_DIR}/onnx/model.onnx`;

/** Runs one large batch and counts how often a 2 ms timer fired meanwhile: the event loop's freedom during inference. */
async function ticksDuringInference(thread: "worker" | "caller"): Promise<{ ticks: number; ms: number }> {
  const { session } = await createSession(MODEL, { threads: 2, thread });
  const [rows, seq] = [2, 2048];
  const ids = BigInt64Array.from({ length: rows * seq }, (_, i) => BigInt(5 + (i % 7000)));
  const mask = new BigInt64Array(rows * seq).fill(1n);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 2);
  const t0 = performance.now();
  const out = await runEncoder(session, hiddenStateOutput(session), ids, mask, rows, seq);
  const ms = performance.now() - t0;
  clearInterval(timer);
  expect(out.data.length).toBe(rows * seq * out.hidden);
  await session.release();
  return { ticks, ms };
}

describe("the inference thread", () => {
  it("keeps the event loop free while a batch runs (a session on the calling thread blocks it)", async () => {
    const worker = await ticksDuringInference("worker");
    const caller = await ticksDuringInference("caller");
    expect(worker.ms).toBeGreaterThan(40); // long enough for the timer to matter
    expect(worker.ticks).toBeGreaterThanOrEqual(Math.floor(worker.ms / 2 / 4));
    expect(caller.ticks).toBeLessThanOrEqual(1);
  });

  it("gives the same hidden states as a session on the calling thread", async () => {
    const ids = BigInt64Array.from([0n, 35n, 1200n, 77n, 2n]);
    const mask = new BigInt64Array(5).fill(1n);
    const run = async (thread: "worker" | "caller") => {
      const { session } = await createSession(MODEL, { threads: 2, thread });
      return (await runEncoder(session, hiddenStateOutput(session), ids, mask, 1, 5)).data;
    };
    expect(await run("worker")).toEqual(await run("caller"));
  });

  it("reports a bad model's error from the thread", async () => {
    await expect(createSession(new Uint8Array([1, 2, 3]), { threads: 1 })).rejects.toThrow(/protobuf|parse|model/i);
  });
});
