import { describe, expect, it } from "vitest";
import { cacheBytesFromEnv, createRepresentationCache, representationBytes } from "@/lib/engine/cache";
import type { Representation } from "@/lib/m3/types";

const rep = (floats: number): Representation => ({
  tokens: [],
  dense: new Float32Array(floats),
  lexical: new Map(),
  colbert: { rows: 0, dim: 1, data: new Float32Array() },
  tokenCountBefore: 2,
  truncated: false,
});

describe("the representation cache", () => {
  it("finds an entry only under the same model directory, max_length and text", () => {
    const c = createRepresentationCache(1 << 20)!;
    const r = rep(4);
    c.set("/m", 512, "text", r);
    expect(c.get("/m", 512, "text")).toBe(r);
    expect(c.get("/m", 256, "text")).toBeUndefined();
    expect(c.get("/other", 512, "text")).toBeUndefined();
    expect(c.get("/m", 512, "text ")).toBeUndefined();
    expect(c.stats()).toMatchObject({ entries: 1, hits: 1, misses: 3 });
  });

  it("stays under its memory budget by evicting the least recently used entry", () => {
    const one = representationBytes("/m\u00000\u0000a", rep(1000));
    const c = createRepresentationCache(Math.floor(one * 2.5))!;
    c.set("/m", 0, "a", rep(1000));
    c.set("/m", 0, "b", rep(1000));
    c.get("/m", 0, "a"); // a is now more recent than b
    c.set("/m", 0, "c", rep(1000));
    expect(c.get("/m", 0, "b")).toBeUndefined();
    expect(c.get("/m", 0, "a")).toBeDefined();
    expect(c.get("/m", 0, "c")).toBeDefined();
    expect(c.stats().bytes).toBeLessThanOrEqual(c.stats().maxBytes);
  });

  it("does not store an entry larger than the whole budget", () => {
    const c = createRepresentationCache(1000)!;
    c.set("/m", 0, "huge", rep(10_000));
    expect(c.get("/m", 0, "huge")).toBeUndefined();
    expect(c.stats().entries).toBe(0);
  });

  it("counts the dense and ColBERT floats in an entry's size", () => {
    expect(representationBytes("k", rep(1024)) - representationBytes("k", rep(0))).toBe(4096);
  });

  it("is off with a budget of 0, and reads BGE_M3_CACHE_MB (default 256)", () => {
    const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
    expect(createRepresentationCache(0)).toBeNull();
    expect(cacheBytesFromEnv(env({}))).toBe(256 * 1024 * 1024);
    expect(cacheBytesFromEnv(env({ BGE_M3_CACHE_MB: "0" }))).toBe(0);
    expect(() => cacheBytesFromEnv(env({ BGE_M3_CACHE_MB: "lots" }))).toThrow(/BGE_M3_CACHE_MB/);
  });
});
