/**
 * How the inference thread cuts a batch into steps, shared by it (stage-runner.mjs) and the memory estimate
 * (memory.ts). Plain JavaScript: the inference thread imports it unbundled.
 */
/** Tokens (rows × positions) per step of a layer's weight stage: enough to read each weight for many rows. */
export const DENSE_STEP_TOKENS = 1024;

/**
 * Query rows per attention step: as many as keep one step's scores (batch × heads × rows × seq) within
 * `scoreElements`, at least one.
 */
export function chunkRows(batch, heads, seq, scoreElements) {
  return Math.max(1, Math.min(seq, Math.floor(scoreElements / Math.max(1, batch * heads * seq))));
}
