/**
 * Hybrid weights in a URL query, so "Apply" on the tuning page can open the compare page with them:
 * `/?wd=0.4&ws=0.2&wc=0.4` (α dense, β sparse, γ ColBERT). Pure, so both pages and tests share it.
 */
import { isValidWeights } from "@/lib/m3/hybrid";
import type { HybridWeights } from "@/lib/m3/types";

/** Up to 4 decimals, no trailing zeros: 0.30000000000000004 → "0.3". */
const short = (x: number) => String(Number(x.toFixed(4)));

/** The compare page's URL with these weights. */
export function compareHref(w: HybridWeights): string {
  return `/?wd=${short(w.dense)}&ws=${short(w.sparse)}&wc=${short(w.colbert)}`;
}

/**
 * The weights in a query string (with or without the leading "?"), or null unless all three are present, finite,
 * non-negative, at most 1 (the sliders' range) and not all zero.
 */
export function weightsFromQuery(search: string): HybridWeights | null {
  const q = new URLSearchParams(search);
  const read = (k: string) => {
    const raw = q.get(k);
    if (raw === null || raw.trim() === "") return Number.NaN;
    return Number(raw);
  };
  const w = { dense: read("wd"), sparse: read("ws"), colbert: read("wc") };
  if (!isValidWeights(w) || w.dense > 1 || w.sparse > 1 || w.colbert > 1) return null;
  return w;
}
