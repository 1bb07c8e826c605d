import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "@/lib/engine/engine";
import { type FakeTeiServer, startFakeTeiServer } from "./helpers/fake-tei-server";
import { goldenPairs, TEST_MODEL_DIR } from "./helpers/goldens";
import { expectSameRepresentations, remoteEngine, timed } from "./helpers/remote";

const texts = goldenPairs.flatMap((p) => [p.a, p.b]);

let server: FakeTeiServer;
let local: Engine;
let remote: Engine;
beforeAll(async () => {
  server = await startFakeTeiServer({ maxClientBatchSize: 8 });
  local = await Engine.load({ modelDir: TEST_MODEL_DIR, threads: 1 });
  remote = await remoteEngine(server.encoder, { BGE_M3_ENCODER_MAX_BATCH_ROWS: "32" });
});
afterAll(async () => {
  await server.close();
});

describe("the engine with a TEI encoder", () => {
  it("gives every golden text the embedded engine's tokens, dense, sparse and ColBERT within 1e-5", async () => {
    const [x, y] = await Promise.all([remote.encode(texts), local.encode(texts)]);
    expectSameRepresentations(x, y);
  });

  it("sends at most TEI's max_client_batch_size texts per request, even when the settings allow more", async () => {
    const from = server.stats.rows.length;
    await remote.runBatch(texts.slice(0, 20).map((t) => remote.tokenize(t)));
    const rows = server.stats.rows.slice(from);
    expect(rows.reduce((a, b) => a + b, 0)).toBe(20);
    expect(Math.max(...rows)).toBeLessThanOrEqual(8);
  });

  it("checks each batch's tokens with /tokenize", async () => {
    const before = server.stats.tokenize;
    await remote.encode(["checked tokens"]);
    expect(server.stats.tokenize - before).toBe(1);
  });

  it("retries TEI's 429 (overloaded) and then answers", async () => {
    const before = server.stats.embedAll;
    server.faults.refuse = { status: 429, times: 1 };
    await remote.encode(["after an overload"]);
    expect(server.stats.embedAll - before).toBe(2);
  });
});

describe("TEI rows that do not line up with the Studio's tokens", () => {
  it("are refused (encoder_error) when TEI tokenizes the texts differently, naming the first difference", async () => {
    server.faults.retokenize = (ids) => [...ids.slice(0, 2), 5, ...ids.slice(2)];
    try {
      await expect(remote.encode(["misaligned rows"])).rejects.toMatchObject({
        kind: "encoder_error",
        message: expect.stringMatching(
          /tokenizes text 0 into \d+ tokens where the Studio has \d+ \(first difference at position 2: TEI 5, Studio \d+\).*would not line up/,
        ),
      });
    } finally {
      server.faults.retokenize = undefined;
    }
    expect(remote.remote?.health().status).toBe("error");
  });

  it("are refused even when the token count matches", async () => {
    server.faults.retokenize = (ids) => ids.map((id, i) => (i === 1 ? id + 1 : id));
    try {
      await expect(remote.encode(["same count, other ids"])).rejects.toMatchObject({ kind: "encoder_error" });
    } finally {
      server.faults.retokenize = undefined;
    }
  });

  it("leave the encoder healthy again once its answers line up", async () => {
    await remote.encode(["lined up again"]);
    expect(remote.remote?.health()).toMatchObject({ status: "ok", detail: null });
  });
});

describe("a slow TEI", () => {
  it("gets encoder_unavailable after BGE_M3_ENCODER_TIMEOUT_MS", async () => {
    const engine = await remoteEngine(server.encoder, { BGE_M3_ENCODER_TIMEOUT_MS: "300" });
    server.faults.delayMs = 10_000;
    try {
      const { ms, error } = await timed(engine.encode(["slow tei"]));
      expect(error).toMatchObject({ kind: "encoder_unavailable" });
      expect(ms).toBeLessThan(1_500);
    } finally {
      server.faults.delayMs = 0;
    }
  });
});
