/** Types for step-sizes.mjs (plain JavaScript, so the inference thread can import it unbundled). */
export function chunkRows(batch: number, heads: number, seq: number, scoreElements: number): number;
export const DENSE_STEP_TOKENS: number;
/** The sizes of the batches that run the whole graph in one step. */
export interface OneStep {
  maxSeq: number;
  maxTokens: number;
}
export function runsInOneStep(oneStep: OneStep | null | undefined, rows: number, seq: number): boolean;
export const FLASH_STEP_PAIRS: number;
export function flashRows(batch: number, seq: number): number;
