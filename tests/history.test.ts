import { describe, expect, it } from "vitest";
import {
  HISTORY_KEY,
  HISTORY_MAX,
  HISTORY_MAX_CHARS,
  type HistoryEntry,
  readHistory,
  withEntry,
  writeHistory,
} from "@/lib/ui/history";
import { shareHref } from "@/lib/ui/share-url";

const entry = (a: string, b: string, at = 0, mode = "hybrid"): HistoryEntry => ({
  href: shareHref({
    a,
    b,
    mode,
    weights: { dense: 0.4, sparse: 0.2, colbert: 0.4 },
    thresholds: { same: 0.85, related: 0.7, weak: 0.5 },
    sparseScale: "raw",
  }),
  at,
});

class MemoryStorage {
  items = new Map<string, string>();
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => void this.items.set(k, v);
  removeItem = (k: string) => void this.items.delete(k);
}

describe("the comparison history", () => {
  it("puts the newest first and keeps one entry per pair of texts, the newest one", () => {
    let list = withEntry([], entry("a", "b", 1));
    list = withEntry(list, entry("c", "d", 2));
    list = withEntry(list, entry("a", "b", 3, "dense"));
    expect(list.map((e) => e.at)).toEqual([3, 2]);
    expect(list[0]!.href).toContain("m=dense");
  });

  it(`keeps at most ${HISTORY_MAX} entries and about ${HISTORY_MAX_CHARS} characters`, () => {
    let list: HistoryEntry[] = [];
    for (let i = 0; i < HISTORY_MAX + 5; i++) list = withEntry(list, entry(`a${i}`, "b", i));
    expect(list).toHaveLength(HISTORY_MAX);
    expect(list[0]!.at).toBe(HISTORY_MAX + 4);
    const long = "x".repeat(HISTORY_MAX_CHARS / 3);
    for (let i = 0; i < 4; i++) list = withEntry(list, entry(`${i}${long}`, "b", 100 + i));
    expect(list.map((e) => e.at)).toEqual([103, 102]);
    expect(list.reduce((s, e) => s + e.href.length, 0)).toBeLessThanOrEqual(HISTORY_MAX_CHARS);
  });

  it("round-trips through storage, and reads anything malformed as empty", () => {
    const storage = new MemoryStorage();
    const list = withEntry([], entry("気候", "climate", 5));
    writeHistory(storage, list);
    expect(readHistory(storage)).toEqual(list);
    writeHistory(storage, []);
    expect(storage.items.has(HISTORY_KEY)).toBe(false);
    for (const bad of ["{", '{"href":1}', '[{"href":"https://evil.example/","at":1}]']) {
      storage.setItem(HISTORY_KEY, bad);
      expect(readHistory(storage)).toEqual([]);
    }
  });

  it("survives a storage that refuses to save", () => {
    const full = {
      setItem: () => {
        throw new DOMException("full", "QuotaExceededError");
      },
      removeItem: () => undefined,
    };
    expect(() => writeHistory(full, [entry("a", "b")])).not.toThrow();
  });
});
