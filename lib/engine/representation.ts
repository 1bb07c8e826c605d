/**
 * Hidden states of one text → its Representation, following FlagEmbedding's BGEM3FlagModel exactly:
 * dense = l2norm(H[0]); sparse = relu(sparse_linear(H[t])) aggregated per id; ColBERT = l2norm(colbert_linear(H[1:n])).
 * The two linear heads have already run over the whole batch (`HeadsRunner`); this picks one row's real tokens.
 */
import { lexicalWeightsFrom } from "@/lib/m3/lexical";
import type { MultiVector, Representation } from "@/lib/m3/types";
import { l2NormaliseInPlace } from "@/lib/m3/vector";
import type { HeadOutputs } from "./heads-session";
import type { HiddenStates } from "./ort";
import type { TokenizedText } from "./tokenizer";

/** Builds the representation of batch row `row`, whose text has `text.ids.length` real (unpadded) tokens. */
export function representationOf(
  h: HiddenStates,
  heads: HeadOutputs,
  row: number,
  text: TokenizedText,
): Representation {
  const n = text.ids.length;
  const D = h.hidden;
  const first = row * h.seq;

  const dense = h.data.slice(first * D, first * D + D);
  l2NormaliseInPlace(dense);

  const tokenWeights = heads.sparse.subarray(first, first + n);

  // ColBERT drops position 0 (<s>) and keeps </s>: n − 1 vectors.
  const dim = heads.colbertDim;
  const data = heads.colbert.slice((first + 1) * dim, (first + n) * dim);
  for (let t = 0; t < n - 1; t++) l2NormaliseInPlace(data, t * dim, dim);
  const colbert: MultiVector = { rows: n - 1, dim, data };

  return {
    tokens: text.tokens,
    dense,
    lexical: lexicalWeightsFrom(text.ids, tokenWeights),
    colbert,
    tokenCountBefore: text.countBefore,
    truncated: text.truncated,
  };
}
