/**
 * Query rows per attention step: as many as keep one step's scores (batch × heads × rows × seq) within
 * `scoreElements`, at least one. Shared by the inference thread (stage-runner.mjs) and the memory estimate (memory.ts).
 * Plain JavaScript: the inference thread imports it unbundled.
 */
export function chunkRows(batch, heads, seq, scoreElements) {
  return Math.max(1, Math.min(seq, Math.floor(scoreElements / Math.max(1, batch * heads * seq))));
}
