import { colbertScore, colbertScoreFromMatrix } from "./colbert";
import { denseScore } from "./dense";
import { lexicalScore } from "./lexical";
import type { MaxSimMatrix, ModeScores, Representation } from "./types";

/** The vectors a pair's scores read. */
export type ScoredText = Pick<Representation, "dense" | "lexical" | "colbert">;

/**
 * FlagEmbedding's three scores of one pair, text a as the query: dense cosine, lexical matching score and ColBERT.
 * Pass `maxSim` when a's and b's MaxSim matrix is already computed, so ColBERT is read from it.
 *
 * @example pairScores(query, passage).colbert // mean over the query's tokens of their best match in the passage
 */
export function pairScores(a: ScoredText, b: ScoredText, maxSim?: MaxSimMatrix): ModeScores {
  return withColbert(a, b, maxSim ? colbertScoreFromMatrix(maxSim) : colbertScore(a.colbert, b.colbert));
}

/** The pair's dense and sparse scores beside a ColBERT score computed elsewhere (e.g. by `colbertGrid`). */
export function withColbert(
  a: Omit<ScoredText, "colbert">,
  b: Omit<ScoredText, "colbert">,
  colbert: number,
): ModeScores {
  return { dense: denseScore(a.dense, b.dense), sparse: lexicalScore(a.lexical, b.lexical), colbert };
}
