/**
 * Hidden states of one text → its Representation, following FlagEmbedding's BGEM3FlagModel exactly:
 * dense = l2norm(H[0]); sparse = relu(sparse_linear(H[t])) aggregated per id; ColBERT = l2norm(colbert_linear(H[1:n])).
 * The encoder and both linear heads have already run over the whole batch (`EncodedBatch`), or only the encoder's
 * [CLS] rows when only the dense vectors were asked; this picks one row's real tokens.
 */
import { lexicalWeightsFrom } from "@/lib/m3/lexical";
import type { DenseRepresentation, MultiVector, Representation } from "@/lib/m3/types";
import { l2NormaliseInPlace } from "@/lib/m3/vector";
import type { EncodedBatch, HeadOutputs } from "./session";
import type { TokenizedText } from "./tokenizer";

/**
 * The representation of row `row` of a batch padded to `seq`, whose text has `text.ids.length` real tokens: all three
 * when the batch has the heads' outputs, else the dense one.
 */
export function representationOf(
  out: EncodedBatch,
  seq: number,
  row: number,
  text: TokenizedText,
): Representation | DenseRepresentation {
  const D = out.hidden;
  const dense = out.cls.slice(row * D, row * D + D);
  l2NormaliseInPlace(dense);
  const rep = { tokens: text.tokens, dense, tokenCountBefore: text.countBefore, truncated: text.truncated };
  return out.heads ? { ...rep, ...fromHeads(out.heads, seq, row, text) } : rep;
}

function fromHeads(
  heads: HeadOutputs,
  seq: number,
  row: number,
  text: TokenizedText,
): Pick<Representation, "lexical" | "colbert"> {
  const n = text.ids.length;
  const first = row * seq;
  const tokenWeights = heads.sparse.subarray(first, first + n);
  // ColBERT drops position 0 (<s>) and keeps </s>: n − 1 vectors.
  const dim = heads.colbertDim;
  const data = heads.colbert.slice((first + 1) * dim, (first + n) * dim);
  for (let t = 0; t < n - 1; t++) l2NormaliseInPlace(data, t * dim, dim);
  const colbert: MultiVector = { rows: n - 1, dim, data };
  return { lexical: lexicalWeightsFrom(text.ids, tokenWeights), colbert };
}
