import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import {
  type BatchEngine,
  type BatchEvent,
  batcherConfigFromEnv,
  batchLimitsFromEnv,
  createBatcher,
} from "@/lib/engine/batcher";
import { createRepresentationCache } from "@/lib/engine/cache";
import { Engine } from "@/lib/engine/engine";
import type { TokenizedText } from "@/lib/engine/tokenizer";
import type { Representation } from "@/lib/m3/types";
import { goldenPairs, lexicalDiff, maxAbsDiff, TEST_MODEL_DIR } from "./helpers/goldens";

/** A fake engine: one token per character; each batch waits for `release` when `hold` is set. */
function fakeEngine(opts: { maxTokens?: number; maxRows?: number; fail?: (texts: string[]) => boolean } = {}) {
  const batches: string[][] = [];
  let hold: Promise<void> | null = null;
  let release = () => {};
  const engine: BatchEngine = {
    modelDir: "/models/fake",
    maxLength: 1000,
    batchLimits: { maxTokens: opts.maxTokens ?? 10_000, maxRows: opts.maxRows ?? 64 },
    tokenize(text: string, maxLength: number): TokenizedText {
      const pieces = [...text].slice(0, maxLength - 2);
      const ids = [0, ...pieces.map((c) => c.codePointAt(0)!), 2];
      const tokens = ids.map((id, i) => ({ id, text: String(id), start: i, end: i }));
      return { ids, tokens, countBefore: text.length + 2, truncated: text.length + 2 > maxLength };
    },
    async encodeTokenized(tokenized: readonly TokenizedText[]): Promise<Representation[]> {
      const texts = tokenized.map((t) => String.fromCodePoint(...t.ids.slice(1, -1)));
      batches.push(texts);
      if (hold) await hold;
      if (opts.fail?.(texts)) throw new Error("inference failed");
      return tokenized.map((t) => ({
        tokens: t.tokens,
        dense: Float32Array.of(t.ids.length),
        lexical: new Map(),
        colbert: { rows: 0, dim: 1, data: new Float32Array() },
        tokenCountBefore: t.countBefore,
        truncated: t.truncated,
      }));
    },
  };
  return {
    engine,
    batches,
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

const on = { enabled: true, windowMs: 5, maxQueue: 1000 };
const off = { enabled: false, windowMs: 5, maxQueue: 1000 };
const textOf = (r: Representation) => r.tokens.length - 2;

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
    f.release();
    await Promise.all([first, ...pending]);
    expect(f.batches).toEqual([["first"], [long], ["s1", "s2"]]);
  });

  it("lets texts that arrive during a batch form the next batch", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, on);
    f.holdNext();
    const first = b.encode(["first"], 100);
    await new Promise((r) => setTimeout(r, 20));
    const later = [b.encode(["second"], 100), b.encode(["third"], 100)];
    f.release();
    await Promise.all([first, ...later]);
    expect(f.batches).toEqual([["first"], ["second", "third"]]);
  });

  it("refuses with 429 queue_full and Retry-After when waiting texts would exceed max_queue", async () => {
    const f = fakeEngine();
    const b = createBatcher(f.engine, { enabled: true, windowMs: 50, maxQueue: 3 });
    const admitted = b.encode(["a", "b", "c", "d", "e"], 100); // an empty queue admits any request
    expect(b.queued()).toBe(5);
    const refused = await b.encode(["f"], 100).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(429);
    expect((refused as ApiError).type).toBe("queue_full");
    expect((refused as ApiError).headers).toEqual({ "Retry-After": "1" });
    await admitted;
    expect(b.queued()).toBe(0);
    await expect(b.encode(["f"], 100)).resolves.toBeDefined();
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
    expect(err).toMatchObject({ type: "payload_too_large", field: "texts.1" });
    expect((err as ApiError).message).toContain("14 tokens, more than max_length 6");
    expect(b.queued()).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(f.batches).toEqual([]);
  });

  it("refuses a max_length the engine cannot take with 400 on max_length", async () => {
    const b = createBatcher(fakeEngine().engine, on);
    await expect(b.encode(["x"], 1001)).rejects.toMatchObject({ status: 400, field: "max_length" });
    await expect(b.encode(["x"], 2)).rejects.toMatchObject({ status: 400, field: "max_length" });
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

describe("the batcher on the test model", () => {
  it("gives 32 concurrent requests the same representations as one-at-a-time encoding, within 1e-5", async () => {
    const engine = await Engine.load({ modelDir: TEST_MODEL_DIR, threads: 2 });
    const texts = goldenPairs.flatMap((p) => [p.a, p.b]).filter((t) => t.length < 2000);
    const requests = Array.from({ length: 32 }, (_, i) => [
      texts[i % texts.length]!,
      texts[(i * 7 + 3) % texts.length]!,
    ]);
    const events: BatchEvent[] = [];
    const b = createBatcher(engine, { enabled: true, windowMs: 2, maxQueue: 1000 }, null, {
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
    expect(batcherConfigFromEnv(env({}))).toEqual({ enabled: true, windowMs: 2, maxQueue: 1024 });
    expect(batcherConfigFromEnv(env({ BGE_M3_BATCHING: "0" })).enabled).toBe(false);
    expect(batcherConfigFromEnv(env({ BGE_M3_BATCHING: "off" })).enabled).toBe(false);
  });

  it("reads the window, queue length and batch budget, and names a bad variable", () => {
    const e = env({ BGE_M3_BATCH_WINDOW_MS: "0", BGE_M3_MAX_QUEUE: "8", BGE_M3_MAX_BATCH_TOKENS: "4096" });
    expect(batcherConfigFromEnv(e)).toEqual({ enabled: true, windowMs: 0, maxQueue: 8 });
    expect(batchLimitsFromEnv(e)).toEqual({ maxTokens: 4096 });
    expect(() => batcherConfigFromEnv(env({ BGE_M3_MAX_QUEUE: "-1" }))).toThrow(/BGE_M3_MAX_QUEUE/);
    expect(() => batcherConfigFromEnv(env({ BGE_M3_BATCHING: "maybe" }))).toThrow(/BGE_M3_BATCHING/);
  });
});
