/**
 * The domain types shared by the engine (server) and the pages (browser).
 * Shapes follow FlagEmbedding's BGEM3FlagModel outputs; see docs in the README.
 */

/** One token of an encoded text; `start`/`end` are UTF-16 offsets into the original text (0/0 for `<s>` and `</s>`). */
export interface Token {
  id: number;
  /** The vocabulary piece, e.g. "▁What" (SentencePiece marks a preceding space with ▁). */
  text: string;
  start: number;
  end: number;
}

/** Token id → weight, in first-occurrence order; special ids dropped, max over repeats, only weights > 0. */
export type LexicalWeights = ReadonlyMap<number, number>;

/** Row-major matrix of `rows` vectors of length `dim` (ColBERT vectors, one per token after `<s>`). */
export interface MultiVector {
  rows: number;
  dim: number;
  data: Float32Array;
}

/** Row-major matrix of MaxSim dot products: rows follow text a's ColBERT vectors, columns text b's. */
export interface MaxSimMatrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

/** Weights of the three modes in a hybrid score (α dense, β sparse, γ ColBERT). */
export interface HybridWeights {
  dense: number;
  sparse: number;
  colbert: number;
}

/** The three per-mode scores of one pair. */
export interface ModeScores {
  dense: number;
  sparse: number;
  colbert: number;
}

/** What bge-m3 says about one text when only its dense vector was asked for. */
export interface DenseRepresentation {
  tokens: Token[];
  /** L2-normalised CLS hidden state. */
  dense: Float32Array;
  /** Token count (specials included) before truncation. */
  tokenCountBefore: number;
  truncated: boolean;
}

/** Everything bge-m3 says about one text. */
export interface Representation extends DenseRepresentation {
  lexical: LexicalWeights;
  /** L2-normalised ColBERT vectors for every token but `<s>` (`</s>` kept). */
  colbert: MultiVector;
}

/** Whether `rep` holds all three representations, not only the dense one. */
export const isFull = (rep: DenseRepresentation): rep is Representation => "colbert" in rep;
