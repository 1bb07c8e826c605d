/**
 * Recent comparisons, kept in the browser's localStorage: each is its share link (`share-url.ts`), so restoring one
 * is reading a link. Newest first, one entry per pair of texts, at most `HISTORY_MAX` entries and `HISTORY_MAX_CHARS`
 * characters in all, so a few long texts cannot fill the storage.
 */
import { z } from "zod";

export const HISTORY_KEY = "bge-m3-history";
export const HISTORY_MAX = 20;
export const HISTORY_MAX_CHARS = 1_000_000;

const EntrySchema = z.object({ href: z.string().startsWith("/?"), at: z.number().finite() });
export type HistoryEntry = z.infer<typeof EntrySchema>;

/** The pair of texts a link holds: two entries of the same pair are one. */
const pairOf = (href: string) => {
  const q = new URLSearchParams(href.slice(1));
  return `${q.get("a")}\u0000${q.get("b")}`;
};

/** `list` with `entry` first, the older entry of its pair dropped, cut to the count and size bounds. */
export function withEntry(list: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  const pair = pairOf(entry.href);
  const out = [entry, ...list.filter((e) => pairOf(e.href) !== pair)].slice(0, HISTORY_MAX);
  let chars = 0;
  const kept = out.findIndex((e) => {
    chars += e.href.length;
    return chars > HISTORY_MAX_CHARS;
  });
  return kept === -1 ? out : out.slice(0, Math.max(1, kept));
}

/** What `storage` holds; anything unreadable counts as an empty history. */
export function readHistory(storage: Pick<Storage, "getItem">): HistoryEntry[] {
  try {
    const parsed = z.array(EntrySchema).safeParse(JSON.parse(storage.getItem(HISTORY_KEY) ?? "[]"));
    return parsed.success ? parsed.data.slice(0, HISTORY_MAX) : [];
  } catch {
    return [];
  }
}

/** Saves `list`; a full or disabled storage only means the history is not kept. */
export function writeHistory(storage: Pick<Storage, "setItem" | "removeItem">, list: readonly HistoryEntry[]): void {
  try {
    if (list.length === 0) storage.removeItem(HISTORY_KEY);
    else storage.setItem(HISTORY_KEY, JSON.stringify(list));
  } catch {
    // Quota exceeded or storage disabled (private mode): the page works without a history.
  }
}
