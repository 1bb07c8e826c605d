/**
 * An LRU cache of representations, keyed by model directory, max_length and text, under a memory budget: all three
 * representations, or the dense one alone where only that was computed (it never replaces a full entry).
 * Entries are shared between requests: callers must treat a cached Representation as read-only.
 */
import { LRUCache } from "lru-cache";
import { SETTINGS, setting } from "@/lib/config/settings";
import { type DenseRepresentation, isFull } from "@/lib/m3/types";

/** Default memory budget: 256 MiB, about 130 real-model texts of 512 tokens (ColBERT dominates: 4 KiB a token). */
export const DEFAULT_CACHE_BYTES = SETTINGS.BGE_M3_CACHE_MB.fallback * 1024 * 1024;

export interface CacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
  hits: number;
  misses: number;
}

export interface RepresentationCache {
  get(modelDir: string, maxLength: number, text: string): DenseRepresentation | undefined;
  set(modelDir: string, maxLength: number, text: string, rep: DenseRepresentation): void;
  stats(): CacheStats;
}

/** `BGE_M3_CACHE_MB` (default 256; 0 turns the cache off) in bytes. */
export function cacheBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return setting("BGE_M3_CACHE_MB", env) * 1024 * 1024;
}

/**
 * Approximate bytes one entry holds: its key (UTF-16), the dense and ColBERT floats, the lexical map and the tokens.
 * Object overheads are rough constants; the float arrays dominate for any real text.
 */
export function representationBytes(key: string, rep: DenseRepresentation): number {
  return (
    key.length * 2 +
    rep.dense.byteLength +
    (isFull(rep) ? rep.colbert.data.byteLength + rep.lexical.size * 40 : 0) +
    rep.tokens.reduce((s, t) => s + 64 + t.text.length * 2, 0) +
    200
  );
}

const keyOf = (modelDir: string, maxLength: number, text: string) => `${modelDir}\u0000${maxLength}\u0000${text}`;

/** A cache holding at most `maxBytes` (by `representationBytes`); null when `maxBytes` is 0 (caching off). */
export function createRepresentationCache(maxBytes: number): RepresentationCache | null {
  if (maxBytes <= 0) return null;
  const lru = new LRUCache<string, DenseRepresentation>({
    maxSize: maxBytes,
    sizeCalculation: (rep, key) => representationBytes(key, rep),
  });
  let hits = 0;
  let misses = 0;
  return {
    get(modelDir, maxLength, text) {
      const rep = lru.get(keyOf(modelDir, maxLength, text));
      if (rep) hits++;
      else misses++;
      return rep;
    },
    set(modelDir, maxLength, text, rep) {
      const key = keyOf(modelDir, maxLength, text);
      const held = lru.peek(key);
      if (held && isFull(held) && !isFull(rep)) return;
      // An entry larger than the whole budget is silently not stored (lru-cache's maxEntrySize = maxSize).
      lru.set(key, rep);
    },
    stats: () => ({ entries: lru.size, bytes: lru.calculatedSize, maxBytes, hits, misses }),
  };
}
