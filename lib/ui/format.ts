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

/** Elapsed whole seconds as a clock: 7 → "00:07", 754 → "12:34", 3723 → "1:02:03"; "00:00" for NaN. */
export function formatClock(seconds: number): string {
  const s = Number.isFinite(seconds) ? Math.max(0, Math.floor(seconds)) : 0;
  const pad = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(s / 3600);
  const mm = pad(Math.floor((s % 3600) / 60));
  return h > 0 ? `${h}:${mm}:${pad(s % 60)}` : `${mm}:${pad(s % 60)}`;
}

export interface RoughDuration {
  minutes: number;
  seconds: number;
}

/** A duration rounded as a person would say it roughly: to 1 s under 10 s, 5 s under a minute, 10 s under 10 min. */
export function roughDuration(ms: number): RoughDuration {
  const s = Math.max(1, ms / 1000);
  const step = s < 10 ? 1 : s < 60 ? 5 : s < 600 ? 10 : 60;
  const rounded = Math.round(s / step) * step;
  return { minutes: Math.floor(rounded / 60), seconds: rounded % 60 };
}
