/** Number formatting for the compare page. Full precision always goes into `data-value`; these are for eyes. */

/** A score with 4 decimals; "−" as the minus sign so negative cosines read well. */
export function formatScore(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return "—";
  const s = Math.abs(x).toFixed(digits);
  return x < 0 && Number(s) !== 0 ? `−${s}` : s;
}

/** A weight as a percentage of the whole, e.g. 0.4 → "40%". */
export function formatPercent(x: number): string {
  if (!Number.isFinite(x)) return "—";
  const p = x * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** Milliseconds, with one decimal under 10 ms. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  return ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString("en-US");
}
