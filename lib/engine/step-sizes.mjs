/**
 * How the inference thread cuts a batch into steps, shared by it (stage-runner.mjs) and the memory estimate
 * (memory.ts). Plain JavaScript: the inference thread imports it unbundled.
 */
/** Tokens (rows × positions) per step of a layer's weight stage: enough to read each weight for many rows. */
export const DENSE_STEP_TOKENS = 1024;

/**
 * Whether a batch of `rows` texts padded to `seq` tokens runs the whole graph in one step: when the encoder has one
 * (`oneStep`: `{ maxSeq, maxTokens }`, else null) and the batch is padded to at most `maxSeq`, of at most `maxTokens`.
 */
export function runsInOneStep(oneStep, rows, seq) {
  return oneStep != null && seq <= oneStep.maxSeq && rows * seq <= oneStep.maxTokens;
}

/**
 * Query rows per attention step: as many as keep one step's scores (batch × heads × rows × seq) within
 * `scoreElements`, at least one.
 */
export function chunkRows(batch, heads, seq, scoreElements) {
  return Math.max(1, Math.min(seq, Math.floor(scoreElements / Math.max(1, batch * heads * seq))));
}
