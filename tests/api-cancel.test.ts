/**
 * A request whose client goes away (its Request's signal aborts, or over HTTP its connection closes) through
 * POST /api/embed: the handler answers 499 cancelled at once, its queued texts leave the queue and are never encoded
 * (no batch runs, the cache never gets them), and a batch it alone waited for stops in the inference thread at its
 * next step instead of running to the end.
 * A batch ahead of them that waits to be released keeps the texts queued long enough to abort them there.
 */
import http from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import type { SharedEncoder } from "@/lib/api/encode";
import type { Engine } from "@/lib/engine/engine";
import { quietRequestLogs } from "./helpers/api-request";
import { startApiServer } from "./helpers/api-server";

const WINDOW_MS = 400;

let POST: (req: Request) => Promise<Response>;
let engine: Engine;
let shared: () => SharedEncoder;
let batches: () => Promise<number>;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  process.env.BGE_M3_BATCH_WINDOW_MS = String(WINDOW_MS);
  process.env.BGE_M3_CACHE_MB = "16";
  await quietRequestLogs();
  POST = (await import("@/lib/api/handlers")).API_HANDLERS["/api/embed"];
  const { loadEngine } = await import("@/lib/engine");
  const { sharedEncoder } = await import("@/lib/api/encode");
  const { metrics } = await import("@/lib/api/metrics");
  engine = await loadEngine();
  shared = () => sharedEncoder(engine);
  batches = async () => (await metrics().batchRows.get()).values.find((v) => v.metricName?.endsWith("_count"))!.value;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POSTs `texts` to /api/embed with `signal`; resolves with the response and when it came. */
function embed(texts: string[], signal?: AbortSignal) {
  const req = new Request("http://127.0.0.1/api/embed", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ texts }),
    signal,
  });
  return POST(req).then((res) => ({ res, at: performance.now() }));
}

/** Polls `ok` every 2 ms for up to `ms`; true when it held. */
async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > end) return false;
    await sleep(2);
  }
  return true;
}

/** Holds every batch until `release()`; `running()` counts the batches that started, `restore()` ends the hold. */
function gateBatches() {
  let release = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let running = 0;
  const runBatch = engine.runBatch;
  engine.runBatch = async function (this: Engine, ...args: Parameters<Engine["runBatch"]>) {
    running++;
    await gate;
    return runBatch.apply(this, args);
  };
  return {
    release: () => release(),
    running: () => running,
    restore: () => {
      release();
      engine.runBatch = runBatch;
    },
  };
}

describe("an aborted POST /api/embed", () => {
  it("answers 499 cancelled at once; its queued texts leave the queue and are never encoded", async () => {
    const texts = ["a text nobody will wait for", "and another one, also abandoned"];
    const before = await batches();
    const { cache, engine, batcher } = shared();
    // A batch ahead of them that runs until released keeps the texts queued.
    const gate = gateBatches();
    try {
      const ahead = embed(["the batch ahead"]);
      expect(await until(() => gate.running() === 1, 2_000)).toBe(true);
      const controller = new AbortController();
      const sent = performance.now();
      const pending = embed(texts, controller.signal);
      expect(await until(() => batcher.queued() === 2, 2_000)).toBe(true);
      controller.abort();
      const abortedAt = performance.now();
      const { res, at } = await pending;
      expect(res.status).toBe(499);
      const body = await res.json();
      expect(body.error.type).toBe("cancelled");
      expect(body.error.message).toMatch(/cancelled/);
      // Promptly, while the batch ahead still runs.
      expect(at - abortedAt).toBeLessThan(WINDOW_MS / 2);
      expect(at - sent).toBeLessThan(2_000);
      expect(batcher.queued()).toBe(0);
      expect(batcher.queuedTokens()).toBe(0);
      gate.release();
      expect((await ahead).res.status).toBe(200);
    } finally {
      gate.restore();
    }

    // Only the batch ahead ran, and the cache never got the texts.
    await sleep(WINDOW_MS + 200);
    expect(await batches()).toBe(before + 1);
    expect(cache?.stats().entries).toBe(1);
    for (const t of texts) expect(cache?.get(engine.modelDir, engine.maxLength, t)).toBeUndefined();

    // The same texts sent again (not aborted) are encoded, in one batch, and cached: the counters would have shown it.
    const again = await embed(texts);
    expect(again.res.status).toBe(200);
    expect((await again.res.json()).embeddings).toHaveLength(2);
    expect(await batches()).toBe(before + 2);
    expect(cache?.stats().entries).toBe(3);
  });

  it("drops the queued texts of a client whose connection closes, served over HTTP", async () => {
    const texts = ["a text sent over a connection that closes", "and its neighbour in the same request"];
    const before = await batches();
    const { batcher } = shared();
    const gate = gateBatches();
    const server = await startApiServer();
    try {
      const ahead = embed(["the batch ahead of a closed connection"]);
      expect(await until(() => gate.running() === 1, 2_000)).toBe(true);
      const client = http.request(`${server.url}/api/embed`, {
        method: "POST",
        headers: { "content-type": "application/json" },
      });
      client.on("error", () => undefined);
      client.end(JSON.stringify({ texts }));
      expect(await until(() => batcher.queued() === 2, 2_000)).toBe(true);
      client.destroy();
      expect(await until(() => batcher.queued() === 0, 1_000)).toBe(true);
      gate.release();
      expect((await ahead).res.status).toBe(200);
    } finally {
      gate.restore();
      await server.close();
    }
    await sleep(WINDOW_MS + 200);
    expect(await batches()).toBe(before + 1);
  });

  it("answers 499 and drops its texts when the abort comes while its last text is being tokenized", async () => {
    // The admission checks the signal before each text; an abort during the last one must still count.
    const texts = ["first of two texts, aborted late", "second of two, tokenized while the client goes away"];
    const before = await batches();
    const { batcher } = shared();
    const controller = new AbortController();
    const tokenize = engine.tokenizeInSlices;
    engine.tokenizeInSlices = async function (this: Engine, text: string, maxLength?: number) {
      const tokenized = await tokenize.call(this, text, maxLength);
      if (text === texts[1]) controller.abort();
      return tokenized;
    };
    try {
      const { res } = await embed(texts, controller.signal);
      expect(controller.signal.aborted).toBe(true);
      expect(res.status).toBe(499);
      expect((await res.json()).error.type).toBe("cancelled");
      expect(batcher.queued()).toBe(0);
      await sleep(WINDOW_MS + 200);
      expect(await batches()).toBe(before);
    } finally {
      engine.tokenizeInSlices = tokenize;
    }
  });

  it("stops a running batch that only it waited for at the inference thread's next step", async () => {
    const { batcher } = shared();
    // One text of 8,192 tokens: 0.7–1.5 s of inference on two cores, in 34 steps (flash attention and weights, 8 each
    // per layer), so the abort must come well within the first second.
    const long = "Long texts are taken a chunk of query rows at a time, so they can stop between steps. ".repeat(400);
    const before = await batches();
    // A lone request starts at once, so its moment in the queue is too short to watch: watch its batch start.
    let started = 0;
    const runBatch = engine.runBatch;
    engine.runBatch = function (this: Engine, ...args: Parameters<Engine["runBatch"]>) {
      started++;
      return runBatch.apply(this, args);
    };
    const controller = new AbortController();
    const pending = embed([long], controller.signal);
    try {
      expect(await until(() => started === 1, WINDOW_MS + 2_000)).toBe(true);
    } finally {
      engine.runBatch = runBatch;
    }
    expect(batcher.queued()).toBe(0);
    // Give the inference thread time to be well into it.
    await sleep(100);
    const cpu0 = process.cpuUsage();
    await sleep(150);
    const busy = process.cpuUsage(cpu0);
    controller.abort();
    const abortedAt = performance.now();
    const { res, at } = await pending;
    expect(res.status).toBe(499);
    expect((await res.json()).error.type).toBe("cancelled");
    expect(at - abortedAt).toBeLessThan(500);

    // The process (its inference thread included) goes idle within a step or two instead of computing on.
    await sleep(300);
    const cpu1 = process.cpuUsage();
    await sleep(600);
    const idle = process.cpuUsage(cpu1);
    const ms = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
    console.log(
      `CPU while the batch ran: ${ms(busy).toFixed(0)} ms in 150 ms; after the abort: ${ms(idle).toFixed(0)} ms in 600 ms`,
    );
    expect(ms(busy)).toBeGreaterThan(50); // it really was computing
    expect(ms(idle)).toBeLessThan(150);
    expect(await batches()).toBe(before);
  });
});
