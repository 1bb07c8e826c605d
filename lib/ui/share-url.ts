/**
 * A comparison in a URL, so a link restores it: both texts (`a`, `b`), the mode (`m`), the weights (`wd`, `ws`, `wc`,
 * as `compareHref`), the band thresholds (`ts`, `tr`, `tw`) and the sparse scale (`sp=unit`). Pure; a part that is
 * missing or invalid in a link is left out of what it restores.
 */
import { type BandThresholds, checkThresholds } from "@/lib/m3/bands";
import type { HybridWeights } from "@/lib/m3/types";
import { compareHref, weightsFromQuery } from "./weights-url";

export interface SharedComparison<M extends string = string> {
  a: string;
  b: string;
  mode: M;
  weights: HybridWeights;
  thresholds: BandThresholds;
  sparseScale: "raw" | "unit";
}

/** The compare page's path and query for `s`. */
export function shareHref(s: SharedComparison): string {
  const q = new URLSearchParams(compareHref(s.weights).slice(2));
  q.set("a", s.a);
  q.set("b", s.b);
  q.set("m", s.mode);
  q.set("ts", String(s.thresholds.same));
  q.set("tr", String(s.thresholds.related));
  q.set("tw", String(s.thresholds.weak));
  if (s.sparseScale === "unit") q.set("sp", "unit");
  return `/?${q.toString()}`;
}

/** What a query string restores; each part only when it is present and valid (the mode one of `modes`). */
export function sharedFromQuery<M extends string>(search: string, modes: readonly M[]): Partial<SharedComparison<M>> {
  const q = new URLSearchParams(search);
  const out: Partial<SharedComparison<M>> = {};
  const a = q.get("a");
  const b = q.get("b");
  if (a && b) Object.assign(out, { a, b });
  const m = q.get("m");
  if (modes.includes(m as M)) out.mode = m as M;
  const weights = weightsFromQuery(search);
  if (weights) out.weights = weights;
  const num = (k: string) => (q.get(k)?.trim() ? Number(q.get(k)) : Number.NaN);
  const t = checkThresholds({ same: num("ts"), related: num("tr"), weak: num("tw") });
  if (t.ok) out.thresholds = t.thresholds;
  if (q.get("sp") === "unit") out.sparseScale = "unit";
  return out;
}
