/**
 * N×N score matrices for many texts: every text against every other under each mode, and their hybrid.
 * Row i is text i as the query, column j text j as the document. Dense and sparse are symmetric; ColBERT is not
 * (colbert[i][j] averages over text i's tokens), so neither is a hybrid that gives ColBERT any weight.
 */
import type { ModeColumns } from "./hybrid";

/** The three per-mode matrices of n texts, row-major (cell i·n + j is text i against text j); `hybridScores` combines them. */
export interface ModeMatrices extends ModeColumns {
  n: number;
}
