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

/**
 * Query–key pairs (batch × rows × length) per step of flash attention. It holds no scores, so this bounds a step's
 * time, not its memory: 1,024 query rows of an 8,192-token text, about 0.27 s on the full-size replica (a weight step
 * there takes about 0.17 s).
 */
export const FLASH_STEP_PAIRS = 2 ** 23;

/** Query rows per step of flash attention, at least one. */
export function flashRows(batch, seq) {
  return chunkRows(batch, 1, seq, FLASH_STEP_PAIRS);
}
