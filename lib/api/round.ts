/** Rounding for JSON responses. */

/** Milliseconds to the microsecond. */
export const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Float32 values carry ~7 significant digits; rounding keeps the JSON small and loses nothing real. */
export const round7 = (x: number) => Math.round(x * 1e7) / 1e7;
