import { dot } from "./vector";

/**
 * Dense score: inner product of two L2-normalised CLS vectors (FlagEmbedding `compute_dense_score`, temperature 1).
 * Both vectors must have the same length; an empty pair scores 0.
 */
export function denseScore(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`dense vectors differ in length: ${a.length} vs ${b.length}`);
  return dot(a, b);
}
