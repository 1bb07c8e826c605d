/** Types for step-sizes.mjs (plain JavaScript, so the inference thread can import it unbundled). */
export function chunkRows(batch: number, heads: number, seq: number, scoreElements: number): number;
export const DENSE_STEP_TOKENS: number;
