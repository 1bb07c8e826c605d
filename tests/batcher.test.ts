import { describe, expect, it } from "vitest";
import { toApiError } from "@/lib/api/errors";
import {
  type BatchEngine,
  type BatchEvent,
  batcherConfigFromEnv,
  batchLimitsFromEnv,
  createBatcher,
} from "@/lib/engine/batcher";
import { createRepresentationCache } from "@/lib/engine/cache";
import { Engine } from "@/lib/engine/engine";
import { EngineError } from "@/lib/engine/errors";
import type { TokenizedText } from "@/lib/engine/tokenizer";
import { type DenseRepresentation, isFull, type Representation } from "@/lib/m3/types";
import { goldenPairs, lexicalDiff, maxAbsDiff, TEST_MODEL_DIR } from "./helpers/goldens";

/** A fake engine: one token per character; each batch waits for `release` when `hold` is set. */
function fakeEngine(
  opts: {
    maxTokens?: number;
    maxRows?: number;
    fail?: (texts: string[]) => boolean;
    /** A memory budget of this many bytes, each batch needing rows × longest bytes. */
    budgetBytes?: number;
    maxLength?: number;
  } = {},
) {
  const batches: string[][] = [];
  /** What each batch was asked for, in the order of `batches`. */
  const needs: string[] = [];
  const signals: AbortSignal[] = [];
  let running = 0;
  let mostRunning = 0;
  let hold: Promise<void> | null = null;
  let release = () => {};
  const engine: BatchEngine = {
    modelDir: "/models/fake",
    maxLength: opts.maxLength ?? 1000,
    batchLimits: {
      maxTokens: opts.maxTokens ?? 10_000,
      maxRows: opts.maxRows ?? 64,
      memory:
        opts.budgetBytes === undefined
          ? undefined
          : { budgetBytes: opts.budgetBytes, bytesOf: (rows: number, seq: number) => rows * seq },
    },
    async tokenizeInSlices(text: string, maxLength: number): Promise<TokenizedText> {
      const pieces = [...text].slice(0, maxLength - 2);
      const ids = [0, ...pieces.map((c) => c.codePointAt(0)!), 2];
      const tokens = ids.map((id, i) => ({ id, text: String(id), start: i, end: i }));
      return { ids, tokens, countBefore: text.length + 2, truncated: text.length + 2 > maxLength };
    },
    async runBatch(tokenized: readonly TokenizedText[], call = {}): Promise<(Representation | DenseRepresentation)[]> {
      const texts = tokenized.map((t) => String.fromCodePoint(...t.ids.slice(1, -1)));
      batches.push(texts);
      needs.push(call.needs ?? "all");
      if (call.signal) signals.push(call.signal);
      running += 1;
      mostRunning = Math.max(mostRunning, running);
      try {
        if (hold) await hold;
      } finally {
        running -= 1;
      }
      if (call.signal?.aborted) throw new EngineError("cancelled", "cancelled");
      if (opts.fail?.(texts)) throw new Error("inference failed");
      return tokenized.map((t) => {
        const dense = Float32Array.of(t.ids.length);
        const rep = { tokens: t.tokens, dense, tokenCountBefore: t.countBefore, truncated: t.truncated };
        if (call.needs === "dense") return rep;
        return { ...rep, lexical: new Map(), colbert: { rows: 0, dim: 1, data: new Float32Array() } };
      });
    },
  };
  return {
    engine,
    batches,
    needs,
    signals,
    mostRunning: () => mostRunning,
    holdNext() {
      hold = new Promise((r) => {
        release = () => {
          hold = null;
          r();
        };
      });
    },
    release: () => release(),
  };
}

/** Lets pending admissions (tokenizing is asynchronous) finish. */
const settle = () => new Promise((r) => setTimeout(r, 1));
const on = { enabled: true, windowMs: 5, maxQueueTokens: 10_000 };
const off = { enabled: false, windowMs: 5, maxQueueTokens: 10_000 };
const textOf = (r: Representation) => r.tokens.length - 2;

describe("the batcher, for callers that need only the dense vectors", () => {
  it("runs their texts in dense batches, which the cache keeps for them but not for a call that needs everything", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, on, createRepresentationCache(1 << 20));
    const dense = await b.encodeDense(["aa", "a"], 100);
    expect(dense.representations.map(isFull)).toEqual([false, false]);
    expect((await b.encodeDense(["aa"], 100)).cacheHits).toBe(1);
    const full = await b.encode(["aa", "a"], 100);
    expect(full.cacheHits).toBe(0);
    expect(full.representations.map(isFull)).toEqual([true, true]);
    // The full entries replaced the dense ones, and serve both kinds of call from now on.
    expect((await b.encodeDense(["a"], 100)).representations.map(isFull)).toEqual([true]);
    expect((await b.encode(["a"], 100)).cacheHits).toBe(1);
    await b.encodeDense(["a"], 100);
    expect((await b.encode(["a"], 100)).cacheHits).toBe(1);
    expect(f.needs).toEqual(["dense", "all"]);
  });

  it("wait for a running text another call needs in full; a call that needs everything does not wait for a dense one", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, on);
    f.holdNext();
    const full = b.encode(["shared"], 100);
    await settle();
    const dense = b.encodeDense(["shared"], 100);
    await settle();
    f.release();
    const [x, y] = await Promise.all([full, dense]);
    expect(y.representations[0]).toBe(x.representations[0]);
    expect(f.needs).toEqual(["all"]);
    f.holdNext();
    const dense2 = b.encodeDense(["other"], 100);
    await settle();
    const full2 = b.encode(["other"], 100);
    await settle();
    f.release();
    const [d, a] = await Promise.all([dense2, full2]);
    expect(isFull(d.representations[0]!)).toBe(false);
    expect(isFull(a.representations[0]!)).toBe(true);
    expect(f.batches.slice(1)).toEqual([["other"], ["other"]]);
    expect(f.needs.slice(1)).toEqual(["dense", "all"]);
  });

  it("share a batch with calls that need everything, which then runs in full", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, on);
    const [d, a] = await Promise.all([b.encodeDense(["aa"], 100), b.encode(["bb"], 100)]);
    expect(f.batches).toEqual([["aa", "bb"]]);
    expect(f.needs).toEqual(["all"]);
    expect(isFull(d.representations[0]!)).toBe(true);
    expect(isFull(a.representations[0]!)).toBe(true);
  });
});

describe("the batcher", () => {
  it("merges concurrent requests into one batch, longest text first, and answers each in its own order", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, on);
    const [x, y, z] = await Promise.all([
      b.encode(["aa", "a"], 100),
      b.encode(["aaaa"], 100),
      b.encode(["aaa", "aaaaa"], 100),
    ]);
    expect(f.batches).toEqual([["aaaaa", "aaaa", "aaa", "aa", "a"]]);
    expect(x!.representations.map(textOf)).toEqual([2, 1]);
    expect(y!.representations.map(textOf)).toEqual([4]);
    expect(z!.representations.map(textOf)).toEqual([3, 5]);
  });

  it("with batching off, encodes each request on its own, in arrival order", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, off);
    await Promise.all([b.encode(["aa", "a"], 100), b.encode(["aaaa"], 100), b.encode(["aaa"], 100)]);
    expect(f.batches).toEqual([["aa", "a"], ["aaaa"], ["aaa"]]);
  });

  it("splits a round into batches under the token budget (rows × longest)", async () => {
    const f = fakeEngine({ maxTokens: 12 });
    const b = createBatcher(f.engine, on);
    await Promise.all(["aaaa", "aaa", "aa", "a"].map((t) => b.encode([t], 100)));
    // lengths with <s></s>: 6, 5, 4, 3 → [6,5] (2×6=12), [4,3] (2×4=8)
    expect(f.batches).toEqual([
      ["aaaa", "aaa"],
      ["aa", "a"],
    ]);
  });

  it("groups texts of similar length across requests and keeps a much shorter one out of a long batch", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, on);
    // Past SMALL_BATCH_TOKENS (256 rows × longest), where padding is no longer free.
    const long = "x".repeat(295);
    const alsoLong = "y".repeat(290);
    await Promise.all([b.encode([long], 1000), b.encode(["short"], 1000), b.encode([alsoLong], 1000)]);
    expect(f.batches).toEqual([[long, alsoLong], ["short"]]);
  });

  it("runs the oldest waiting text next, so later short texts cannot starve a long one", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, on);
    f.holdNext();
    const first = b.encode(["first"], 100);
    await new Promise((r) => setTimeout(r, 20));
    const long = "L".repeat(290);
    const pending = [b.encode([long], 1000), b.encode(["s1"], 1000), b.encode(["s2"], 1000)];
    await settle();
    f.release();
    await Promise.all([first, ...pending]);
    expect(f.batches).toEqual([["first"], [long], ["s1", "s2"]]);
  });

  it("starts a lone request at once: the window waits only while other requests are being admitted", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, { enabled: true, windowMs: 1500, maxQueueTokens: 10_000 });
    const soon = () => new Promise((r) => setTimeout(() => r("still waiting"), 500));
    await expect(Promise.race([b.encode(["alone"], 100).then(() => "answered"), soon()])).resolves.toBe("answered");
    // Requests that come together still wait the window for each other, and share a batch.
    const together = Promise.all([b.encode(["x1"], 100), b.encode(["x2"], 100), b.encode(["x3"], 100)]);
    await expect(Promise.race([together.then(() => "answered"), soon()])).resolves.toBe("still waiting");
    await together;
    expect(f.batches).toEqual([["alone"], ["x1", "x2", "x3"]]);
  });

  it("lets texts that arrive during a batch form the next batch", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, on);
    f.holdNext();
    const first = b.encode(["first"], 100);
    await new Promise((r) => setTimeout(r, 20));
    const later = [b.encode(["second"], 100), b.encode(["third"], 100)];
    await settle();
    f.release();
    await Promise.all([first, ...later]);
    expect(f.batches).toEqual([["first"], ["second", "third"]]);
  });

  it("bounds the queue in tokens: 503 queue_full with Retry-After when waiting tokens would exceed the limit", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, { enabled: true, windowMs: 50, maxQueueTokens: 20 });
    f.holdNext();
    const running = b.encode(["first"], 100);
    await settle();
    const admitted = b.encode(["a".repeat(30)], 100); // an empty queue admits any request
    await settle();
    expect([b.queued(), b.queuedTokens()]).toEqual([1, 32]);
    const refused = await b.encode(["f"], 100).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EngineError);
    expect(refused).toMatchObject({ kind: "queue_full", retryAfterSeconds: 2 });
    expect((refused as EngineError).message).toMatch(/32 tokens are waiting and the queue holds 20/);
    const answer = toApiError(refused)!;
    expect([answer.status, answer.type, answer.headers]).toEqual([503, "queue_full", { "Retry-After": "2" }]);
    f.release();
    await Promise.all([running, admitted]);
    expect([b.queued(), b.queuedTokens()]).toEqual([0, 0]);
    await expect(b.encode(["f"], 100)).resolves.toBeDefined();
  });

  it("admits many short texts that fit the token bound although they are many", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, { enabled: true, windowMs: 50, maxQueueTokens: 40 });
    const first = b.encode(["a"], 100);
    const texts = Array.from({ length: 10 }, (_, i) => String.fromCharCode(98 + i));
    await expect(Promise.all([first, b.encode(texts, 100)])).resolves.toHaveLength(2);
  });

  it("encodes identical texts once, within a request and across concurrent requests", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, on);
    const [x, y] = await Promise.all([b.encode(["same", "same", "other"], 100), b.encode(["same"], 100)]);
    expect(f.batches.flat().sort()).toEqual(["other", "same"]);
    expect(x!.representations[0]).toBe(x!.representations[1]);
    expect(y!.representations[0]).toBe(x!.representations[0]);
  });

  it("answers repeated texts from the cache without inference, separately per max_length", async () => {
    const f = fakeEngine();
    const cache = createRepresentationCache(1024 * 1024);
    const b = createBatcher(f.engine, on, cache);
    await b.encode(["cached text"], 100);
    const again = await b.encode(["cached text"], 100);
    expect(again.cacheHits).toBe(1);
    expect(again.queueMs).toBe(0);
    expect(f.batches).toHaveLength(1);
    await b.encode(["cached text"], 5);
    expect(f.batches).toHaveLength(2);
    expect(cache!.stats()).toMatchObject({ entries: 2, hits: 1 });
  });

  it("refuses a text over max_length with 413 naming it when truncate is false, before queueing anything", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, on);
    const err = await b.encode(["ok", "far too long"], 6, { truncate: false }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "too_long", field: "texts.1" });
    expect(toApiError(err)?.status).toBe(413);
    expect((err as EngineError).message).toContain("14 tokens, more than max_length 6");
    expect(b.queued()).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(f.batches).toEqual([]);
  });

  it("refuses a max_length the engine cannot take with 400 on max_length", async () => {
    const b = createBatcher(fakeEngine().engine, on);
    for (const maxLength of [1001, 2]) {
      const err = await b.encode(["x"], maxLength).catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: "invalid_max_length", field: "max_length" });
      expect(toApiError(err)?.status).toBe(400);
    }
  });

  it("rejects every request of a failed batch and keeps serving the next ones", async () => {
    const f = fakeEngine({ fail: (texts) => texts.includes("poison") });
    const b = createBatcher(f.engine, on);
    const results = await Promise.allSettled([b.encode(["poison"], 100), b.encode(["bystander"], 100)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    await expect(b.encode(["healthy"], 100)).resolves.toMatchObject({ cacheHits: 0 });
  });

  it("reports each batch's rows, real tokens and padded tokens", async () => {
    const events: BatchEvent[] = [];
    const f = fakeEngine();
    const b = createBatcher(f.engine, on, null, { onBatch: (e) => events.push(e) });
    await Promise.all([b.encode(["abc"], 100), b.encode(["a"], 100)]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ rows: 2, tokens: 5 + 3, paddedTokens: 2 * 5 });
  });
});

describe("the batcher under long work and cancellation", () => {
  const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

  it("drops a cancelled request's queued texts before they start, and rejects it at once as cancelled", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, on);
    f.holdNext();
    const first = b.encode(["first"], 100);
    await tick();
    const client = new AbortController();
    const gone = b.encode(["never run", "nor this"], 100, { signal: client.signal }).catch((e: unknown) => e);
    const stays = b.encode(["stays"], 100);
    await settle();
    expect(b.queued()).toBe(3);
    client.abort();
    expect(await gone).toMatchObject({ kind: "cancelled" });
    expect(b.queued()).toBe(1);
    f.release();
    await Promise.all([first, stays]);
    expect(f.batches).toEqual([["first"], ["stays"]]);
  });

  it("keeps a text another request still waits for, and cancels a running batch nobody waits for", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, on);
    f.holdNext();
    const a = new AbortController();
    const c = new AbortController();
    const x = b.encode(["shared"], 100, { signal: a.signal }).catch((e: unknown) => e);
    const y = b.encode(["shared"], 100);
    const z = b.encode(["alone"], 100, { signal: c.signal }).catch((e: unknown) => e);
    await tick();
    a.abort();
    expect(await x).toMatchObject({ kind: "cancelled" });
    expect(f.signals.at(-1)?.aborted).toBe(false);
    c.abort();
    expect(await z).toMatchObject({ kind: "cancelled" });
    f.release();
    await expect(y).resolves.toBeDefined();
    expect(f.batches).toEqual([["shared", "alone"]]);
  });

  it("refuses a text whose working memory alone is over the budget with 413 naming the variable", async () => {
    const b = createBatcher(fakeEngine({ budgetBytes: 50 }).engine, on);
    const err = await b.encode(["ok", "x".repeat(60)], 100).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "over_memory_budget", field: "texts.1" });
    expect((err as EngineError).message).toMatch(/BGE_M3_MEMORY_BUDGET_MB/);
    expect(toApiError(err)?.status).toBe(413);
    expect(b.queued()).toBe(0);
  });

  it("starts a batch only when its working memory fits beside the other lane's running batch", async () => {
    for (const [budgetBytes, together] of [
      [1200, false],
      [1600, true],
    ] as const) {
      const f = fakeEngine({ budgetBytes, maxLength: 4000 });
      const b = createBatcher(f.engine, on);
      f.holdNext();
      // A long-lane batch of 1,200 tokens (1,200 bytes); then a short-lane text of 400 bytes.
      const long = b.encode(["L".repeat(1198)], 4000);
      await tick();
      const short = b.encode(["s".repeat(398)], 4000);
      await tick();
      expect(f.batches).toEqual(together ? [["L".repeat(1198)], ["s".repeat(398)]] : [["L".repeat(1198)]]);
      f.release();
      await Promise.all([long, short]);
      expect(f.mostRunning()).toBe(together ? 2 : 1);
      expect(f.batches).toHaveLength(2);
    }
  });

  it("runs a short text beside a running long batch instead of behind it", async () => {
    const f = fakeEngine({ maxLength: 4000 });
    const b = createBatcher(f.engine, on);
    f.holdNext();
    const long = b.encode(["L".repeat(2000)], 4000);
    await tick();
    const short = b.encode(["quick"], 4000);
    await tick();
    expect(f.batches).toEqual([["L".repeat(2000)], ["quick"]]);
    f.release();
    await Promise.all([long, short]);
  });
});

describe("the batcher on the test model", () => {
  it("gives 32 concurrent requests the same representations as one-at-a-time encoding, within 1e-5", async () => {
    const engine = await Engine.load({ modelDir: TEST_MODEL_DIR, threads: 2 });
    const texts = goldenPairs.flatMap((p) => [p.a, p.b]).filter((t) => t.length < 2000);
    const requests = Array.from({ length: 32 }, (_, i) => [
      texts[i % texts.length]!,
      texts[(i * 7 + 3) % texts.length]!,
    ]);
    const events: BatchEvent[] = [];
    const b = createBatcher(engine, { enabled: true, windowMs: 2, maxQueueTokens: 100_000 }, null, {
      onBatch: (e) => events.push(e),
    });
    const concurrent = await Promise.all(requests.map((r) => b.encode(r, 512)));
    expect(events.length).toBeLessThan(32);
    for (let i = 0; i < requests.length; i++) {
      const sequential = await engine.encode(requests[i]!, 512);
      concurrent[i]!.representations.forEach((rep, k) => {
        const ref = sequential[k]!;
        expect(rep.tokens).toEqual(ref.tokens);
        expect(maxAbsDiff(rep.dense, ref.dense)).toBeLessThan(1e-5);
        expect(maxAbsDiff(rep.colbert.data, ref.colbert.data)).toBeLessThan(1e-5);
        expect(lexicalDiff(rep.lexical, Object.fromEntries(ref.lexical))).toBeLessThan(1e-5);
      });
    }
  });
});

describe("batcher settings from the environment", () => {
  const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

  it("batches by default and turns batching off with BGE_M3_BATCHING=0", () => {
    expect(batcherConfigFromEnv(env({}))).toEqual({ enabled: true, windowMs: 2, maxQueueTokens: 262_144 });
    expect(batcherConfigFromEnv(env({ BGE_M3_BATCHING: "0" })).enabled).toBe(false);
    expect(batcherConfigFromEnv(env({ BGE_M3_BATCHING: "off" })).enabled).toBe(false);
  });

  it("reads the window, queue length and batch budget, and names a bad variable", () => {
    const e = env({ BGE_M3_BATCH_WINDOW_MS: "0", BGE_M3_MAX_QUEUE_TOKENS: "8", BGE_M3_MAX_BATCH_TOKENS: "4096" });
    expect(batcherConfigFromEnv(e)).toEqual({ enabled: true, windowMs: 0, maxQueueTokens: 8 });
    expect(batchLimitsFromEnv(e)).toEqual({ maxTokens: 4096 });
    expect(() => batcherConfigFromEnv(env({ BGE_M3_MAX_QUEUE_TOKENS: "-1" }))).toThrow(/BGE_M3_MAX_QUEUE_TOKENS/);
    expect(() => batcherConfigFromEnv(env({ BGE_M3_BATCHING: "maybe" }))).toThrow(/BGE_M3_BATCHING/);
  });
});
