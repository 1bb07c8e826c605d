/**
 * /api/health answers in time while the largest input the limits allow is being processed: as many texts of
 * BGE_M3_MAX_CHARS characters as fit in BGE_M3_MAX_BODY_BYTES (by default 63 texts of 50,000 characters mixing Latin,
 * Chinese and Japanese, 4 MB; 83 if they were ASCII). On this machine that request takes minutes (its texts are
 * tokenized one after another in about 5 s, then 63 × 8,192 tokens encoded), so the test watches it for LOAD_MS
 * (body, validation, the tokenizer's slices and, when they are done in time, the start of inference), then aborts it,
 * which must end it promptly as cancelled with nothing left in the queue.
 *
 * A health probe is timed from when it was due (a 20 ms timer) to its answer, awaited, so a blocked event loop counts
 * and so does a health check that waits for anything. 95 % of the probes, and 95 % of the event loop's delays, must be
 * within 100 ms plus the worst lateness of the same timer on a worker thread alongside (its own event loop and heap:
 * the server's work and garbage collection do not delay it, only the operating system's scheduling does), a few
 * milliseconds on an idle machine; every one within 1 s plus that. The 5 % spare the odd piece that other processes
 * stretch: the server's CPU-bound pieces (decoding the 4 MB body, JSON.parse, validation, ~15–40 ms each here) take
 * 2–3 times as long, and the main thread may wait for a core, when the machine is busy. A server that blocks its
 * event loop again and again (tokenizing without slices: 100–400 ms per text; inference on the main thread: seconds)
 * fails, and so does a health check that waits behind inference: the request's inference takes minutes.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { beforeAll, describe, expect, it } from "vitest";
import { quietRequestLogs } from "./helpers/api-request";

const LOAD_MS = 5_000;
const PROBE_EVERY_MS = 20;
/** How late 95 % of the probes may answer. */
const HEALTH_LIMIT_MS = 100;
/** How late any probe may answer: a probe that waited behind inference waits for seconds. */
const HEALTH_STALL_MS = 1_000;
/** Probes to take at least, however slow the machine makes them, within 4 × LOAD_MS. */
const MIN_PROBES = 50;

let POST: (req: Request) => Promise<Response>;
let GET: () => Response | Promise<Response>;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  await quietRequestLogs();
  const { API_HANDLERS } = await import("@/lib/api/handlers");
  POST = API_HANDLERS["/api/embed"];
  GET = API_HANDLERS["/api/health"];
  const { loadEngine } = await import("@/lib/engine");
  await loadEngine();
});

/** Distinct texts (identical ones would be tokenized once) of `chars` characters in several scripts. */
function largestBody(maxTexts: number, maxChars: number, maxBodyBytes: number): { body: string; texts: number } {
  const base =
    "Climate change is a global challenge; 气候变化是全球挑战。環境変動は世界的な課題です. " +
    "The quick brown fox jumps over the lazy dog, again and again, near the riverbank. ";
  const texts: string[] = [];
  for (let i = 0; i < maxTexts; i++) {
    const text = `${i}: ${base.repeat(Math.ceil(maxChars / base.length))}`.slice(0, maxChars);
    if (Buffer.byteLength(JSON.stringify({ texts: [...texts, text] })) > maxBodyBytes) break;
    texts.push(text);
  }
  return { body: JSON.stringify({ texts }), texts: texts.length };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One health probe's answer, awaited; null when it has not come within 2 × HEALTH_STALL_MS. */
const probe = (): Promise<Response | null> =>
  Promise.race([Promise.resolve(GET()), sleep(2 * HEALTH_STALL_MS).then(() => null)]);

/** The value 95 % of `xs` are at or below. */
const p95 = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;

/** A thread timing its own PROBE_EVERY_MS timer: `stop()` resolves with its worst lateness (ms), the machine's noise. */
function schedulingNoise(): { stop: () => Promise<number> } {
  const worker = new Worker(
    `const { parentPort } = require("node:worker_threads");
    let worst = 0;
    let stopped = false;
    parentPort.on("message", () => { stopped = true; parentPort.postMessage(worst); });
    const tick = () => {
      const due = performance.now() + ${PROBE_EVERY_MS};
      setTimeout(() => { worst = Math.max(worst, performance.now() - due); if (!stopped) tick(); }, ${PROBE_EVERY_MS});
    };
    tick();`,
    { eval: true },
  );
  return {
    stop: async () => {
      const worst = await new Promise<number>((resolve) => {
        worker.once("message", resolve);
        worker.postMessage("stop");
      });
      await worker.terminate();
      return worst;
    },
  };
}

describe("GET /api/health while the largest allowed /api/embed request is processed", () => {
  it(`answers 95 % of probes within ${HEALTH_LIMIT_MS} ms, none stalled; the request, aborted, ends as cancelled`, {
    timeout: 60_000,
  }, async () => {
    const { requestLimits } = await import("@/lib/api/limits");
    const { sharedEncoder } = await import("@/lib/api/encode");
    const { engineState } = await import("@/lib/engine");
    const limits = requestLimits();
    const { body, texts } = largestBody(limits.maxTexts, limits.maxChars, limits.maxBodyBytes);
    expect(texts).toBeGreaterThanOrEqual(2);
    expect(Buffer.byteLength(body)).toBeGreaterThan(limits.maxBodyBytes * 0.95);

    const controller = new AbortController();
    // Built before timing starts: encoding the 4 MB body into the Request is the client's work, not the server's.
    const request = new Request("http://127.0.0.1/api/embed", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      signal: controller.signal,
    });
    const noise = schedulingNoise();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    await sleep(50); // the histogram takes its first sample a tick after enable(): let it start before the load
    const started = performance.now();
    const embed = POST(request).then((res) => ({ res, at: performance.now() }));
    let finished = false;
    void embed.finally(() => {
      finished = true;
    });

    const latencies: number[] = [];
    let allowance: number;
    let busyToTheEnd: boolean;
    try {
      const elapsed = () => performance.now() - started;
      while (!finished && (elapsed() < LOAD_MS || (latencies.length < MIN_PROBES && elapsed() < 4 * LOAD_MS))) {
        const due = performance.now() + PROBE_EVERY_MS;
        await sleep(PROBE_EVERY_MS);
        const res = await probe();
        if (!res) {
          latencies.push(Number.POSITIVE_INFINITY);
          break;
        }
        expect(res.status).toBe(200);
        expect((await res.json()).status).toBe("ok");
        latencies.push(performance.now() - due);
      }
    } finally {
      delay.disable();
      allowance = await noise.stop();
      busyToTheEnd = !finished;
      controller.abort(); // whatever happened above: minutes of work must not outlive the test
    }
    const abortedAt = performance.now();
    expect(busyToTheEnd).toBe(true); // still processing after LOAD_MS: the probes ran against a busy server
    const ended = await Promise.race([embed, sleep(10_000).then(() => null)]);
    if (!ended) throw new Error("the aborted request had not ended 10 s after the abort");
    const { res, at } = ended;

    const worst = Math.max(...latencies);
    const loopDelay = { p95: delay.percentile(95) / 1e6, max: delay.max / 1e6 };
    console.log(
      `${texts} texts × ${limits.maxChars} characters (${Buffer.byteLength(body)} bytes): ${latencies.length} probes, ` +
        `95 % within ${p95(latencies).toFixed(1)} ms, worst ${worst.toFixed(1)} ms; ` +
        `event-loop delay 95 % within ${loopDelay.p95.toFixed(1)} ms, max ${loopDelay.max.toFixed(1)} ms; ` +
        `scheduling noise (a worker thread's worst lateness) ${allowance.toFixed(1)} ms; ` +
        `answered ${(at - abortedAt).toFixed(0)} ms after the abort`,
    );
    expect(worst).toBeLessThan(HEALTH_STALL_MS + allowance);
    expect(p95(latencies)).toBeLessThan(HEALTH_LIMIT_MS + allowance);
    expect(latencies.length).toBeGreaterThanOrEqual(MIN_PROBES);
    expect(loopDelay.p95).toBeLessThan(HEALTH_LIMIT_MS + allowance);
    expect(loopDelay.max).toBeLessThan(HEALTH_STALL_MS + allowance);

    expect(res.status).toBe(499);
    expect((await res.json()).error.type).toBe("cancelled");
    expect(at - abortedAt).toBeLessThan(5_000);
    const state = engineState();
    if (state.status !== "ready") throw new Error("the engine is not ready");
    expect(sharedEncoder(state.engine).batcher.queued()).toBe(0);
  });
});
