import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "@/lib/engine/engine";
import { type FakeV2Server, startFakeV2Server } from "./helpers/fake-v2-server";
import { GOLDEN_TOLERANCE, goldenPairs, lexicalDiff, maxAbsDiff, TEST_MODEL_DIR } from "./helpers/goldens";
import { closedPort, expectSameRepresentations, remoteEngine, timed } from "./helpers/remote";

const texts = goldenPairs.flatMap((p) => [p.a, p.b]);

let server: FakeV2Server;
let local: Engine;
beforeAll(async () => {
  server = await startFakeV2Server();
  local = await Engine.load({ modelDir: TEST_MODEL_DIR, threads: 1 });
});
afterAll(async () => {
  await server.close();
});

describe("the engine with a KServe v2 encoder", () => {
  let remote: Engine;
  beforeAll(async () => {
    remote = await remoteEngine(server.encoder, { BGE_M3_ENCODER_MAX_BATCH_ROWS: "4" });
  });

  it("gives every golden text the embedded engine's tokens, dense, sparse and ColBERT within 1e-5", async () => {
    const [x, y] = await Promise.all([remote.encode(texts), local.encode(texts)]);
    expectSameRepresentations(x, y);
  });

  it("gives the golden dense vectors and lexical weights within 1e-4", async () => {
    const reps = await remote.encode(goldenPairs.map((p) => p.a));
    reps.forEach((r, i) => {
      expect(maxAbsDiff(r.dense, goldenPairs[i]!.dense_a)).toBeLessThan(GOLDEN_TOLERANCE);
      expect(lexicalDiff(r.lexical, goldenPairs[i]!.lexical_a)).toBeLessThan(GOLDEN_TOLERANCE);
    });
  });

  it("sends INT64 input_ids and attention_mask as binary data and asks for binary FP32 back", async () => {
    const before = { infer: server.stats.infer, binary: server.stats.binaryRequests };
    await remote.encode(["binary both ways"]);
    expect(server.stats.infer - before.infer).toBe(1);
    expect(server.stats.binaryRequests - before.binary).toBe(1);
  });

  it("reads the hidden states from JSON data when the server answers without binary data", async () => {
    server.faults.jsonOnly = true;
    try {
      const [x, y] = await Promise.all([remote.encode(texts.slice(0, 6)), local.encode(texts.slice(0, 6))]);
      expectSameRepresentations(x, y);
    } finally {
      server.faults.jsonOnly = false;
    }
  });

  it("splits a batch into requests of at most BGE_M3_ENCODER_MAX_BATCH_ROWS rows", async () => {
    const from = server.stats.rows.length;
    await remote.runBatch(texts.slice(0, 10).map((t) => remote.tokenize(t)));
    const rows = server.stats.rows.slice(from);
    expect(rows.reduce((a, b) => a + b, 0)).toBe(10);
    expect(Math.max(...rows)).toBeLessThanOrEqual(4);
  });

  it("shows the remote model as ok once it has answered", () => {
    expect(remote.remote?.health()).toMatchObject({ status: "ok", detail: null });
  });
});

describe("a robust client of the v2 server", () => {
  it("keeps at most BGE_M3_ENCODER_CONCURRENCY requests in flight", async () => {
    const engine = await remoteEngine(server.encoder, {
      BGE_M3_ENCODER_MAX_BATCH_ROWS: "1",
      BGE_M3_ENCODER_CONCURRENCY: "2",
    });
    server.faults.delayMs = 30;
    server.stats.maxInFlight = 0;
    try {
      await engine.runBatch(texts.slice(0, 8).map((t) => engine.tokenize(t)));
    } finally {
      server.faults.delayMs = 0;
    }
    expect(server.stats.maxInFlight).toBe(2);
  });

  it("retries a 503 and a 429 (with its Retry-After) and then answers", async () => {
    const engine = await remoteEngine(server.encoder, { BGE_M3_ENCODER_RETRIES: "2" });
    const before = server.stats.infer;
    server.faults.refuse = { status: 503, times: 2 };
    const [r] = await engine.encode(["retried"]);
    expect(server.stats.infer - before).toBe(3);
    server.faults.refuse = { status: 429, times: 1, retryAfter: "0" };
    const [again] = await engine.encode(["retried"]);
    expect(maxAbsDiff(again!.dense, r!.dense)).toBe(0);
  });

  it("gives up after BGE_M3_ENCODER_RETRIES with encoder_unavailable and the remote's Retry-After", async () => {
    const engine = await remoteEngine(server.encoder, { BGE_M3_ENCODER_RETRIES: "1" });
    const before = server.stats.infer;
    server.faults.refuse = { status: 503, times: 5, retryAfter: "1" };
    try {
      await expect(engine.encode(["still overloaded"])).rejects.toMatchObject({
        kind: "encoder_unavailable",
        retryAfterSeconds: 1,
        message: expect.stringMatching(/answered infer with 503: the model is overloaded/),
      });
    } finally {
      server.faults.refuse = undefined;
    }
    expect(server.stats.infer - before).toBe(2);
    expect(engine.remote?.health().status).toBe("unavailable");
  });

  it("stops waiting for a slow server after BGE_M3_ENCODER_TIMEOUT_MS, with encoder_unavailable and no retry", async () => {
    const engine = await remoteEngine(server.encoder, { BGE_M3_ENCODER_TIMEOUT_MS: "300" });
    const before = server.stats.infer;
    server.faults.delayMs = 10_000;
    try {
      const { ms, error } = await timed(engine.encode(["slow"]));
      expect(error).toMatchObject({ kind: "encoder_unavailable", retryAfterSeconds: 2 });
      expect((error as Error).message).toMatch(/did not answer within 300 ms \(BGE_M3_ENCODER_TIMEOUT_MS\)/);
      expect(ms).toBeLessThan(1_500);
    } finally {
      server.faults.delayMs = 0;
    }
    expect(server.stats.infer - before).toBe(1);
  });

  it("drops a batch whose caller went away at once (cancelled), without waiting for a slow server", async () => {
    const engine = await remoteEngine(server.encoder);
    server.faults.delayMs = 10_000;
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    try {
      const { ms, error } = await timed(engine.runBatch([engine.tokenize("gone")], { signal: abort.signal }));
      expect(error).toMatchObject({ kind: "cancelled" });
      expect(ms).toBeLessThan(1_000);
    } finally {
      server.faults.delayMs = 0;
    }
  });

  it("starts against a server that is down, then answers each batch with encoder_unavailable within 1.5 s", async () => {
    const port = await closedPort();
    const engine = await remoteEngine(`kserve-v2+http://127.0.0.1:${port}/v2/models/bge-m3`);
    const { ms, error } = await timed(engine.encode(["nobody there"]));
    expect(error).toMatchObject({ kind: "encoder_unavailable", retryAfterSeconds: 2 });
    expect((error as Error).message).toMatch(/cannot be reached \(ECONNREFUSED/);
    expect(ms).toBeLessThan(1_500);
    expect(engine.remote?.health()).toMatchObject({ status: "unavailable" });
  });
});

describe("a v2 model that is not this one", () => {
  it("is refused at load when its metadata gives another hidden size, naming both", async () => {
    server.faults.hidden = 32;
    try {
      await expect(remoteEngine(server.encoder)).rejects.toMatchObject({
        kind: "encoder_error",
        message: expect.stringMatching(/token_embeddings of shape \[-1,-1,32\], but config.json says hidden_size 64/),
      });
    } finally {
      server.faults.hidden = undefined;
    }
  });

  it("is refused per batch (encoder_error) when its answers have another hidden size", async () => {
    const engine = await remoteEngine(server.encoder);
    server.faults.answerHidden = 32;
    try {
      await expect(engine.encode(["wrong width"])).rejects.toMatchObject({
        kind: "encoder_error",
        message: expect.stringMatching(/token_embeddings has shape \[1,\d+,32\], expected \[1,\d+,64\]/),
      });
    } finally {
      server.faults.answerHidden = undefined;
    }
    expect(engine.remote?.health().status).toBe("error");
  });

  it("is refused at load when the server has no model of that name", async () => {
    await expect(remoteEngine(server.encoder.replace(/bge-m3$/, "other"))).rejects.toMatchObject({
      kind: "encoder_error",
      message: expect.stringMatching(/answered metadata with 404/),
    });
  });
});
