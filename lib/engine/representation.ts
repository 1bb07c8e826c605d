/**
 * Hidden states of one text → its Representation, following FlagEmbedding's BGEM3FlagModel exactly:
 * dense = l2norm(H[0]); sparse = relu(sparse_linear(H[t])) aggregated per id; ColBERT = l2norm(colbert_linear(H[1:n])).
 */
import { lexicalWeightsFrom } from "@/lib/m3/lexical";
import type { MultiVector, Representation } from "@/lib/m3/types";
import { l2NormaliseInPlace } from "@/lib/m3/vector";
import { applyLinear, type LinearHead } from "./heads";
import type { HiddenStates } from "./ort";
import type { TokenizedText } from "./tokenizer";

export interface Heads {
  sparse: LinearHead;
  colbert: LinearHead;
}

/** Builds the representation of batch row `row`, whose text has `text.ids.length` real (unpadded) tokens. */
export function representationOf(h: HiddenStates, row: number, text: TokenizedText, heads: Heads): Representation {
  const n = text.ids.length;
  const D = h.hidden;
  const base = row * h.seq * D;
  const at = (t: number) => base + t * D;

  const dense = h.data.slice(at(0), at(0) + D);
  l2NormaliseInPlace(dense);

  const tokenWeights = new Float32Array(n);
  const w = new Float32Array(1);
  for (let t = 0; t < n; t++) {
    applyLinear(heads.sparse, h.data, at(t), w, 0);
    tokenWeights[t] = Math.max(0, w[0]!);
  }

  // ColBERT drops position 0 (<s>) and keeps </s>: n − 1 vectors.
  const dim = heads.colbert.outFeatures;
  const colbert: MultiVector = { rows: n - 1, dim, data: new Float32Array((n - 1) * dim) };
  for (let t = 1; t < n; t++) {
    applyLinear(heads.colbert, h.data, at(t), colbert.data, (t - 1) * dim);
    l2NormaliseInPlace(colbert.data, (t - 1) * dim, dim);
  }

  return {
    tokens: text.tokens,
    dense,
    lexical: lexicalWeightsFrom(text.ids, tokenWeights),
    colbert,
    tokenCountBefore: text.countBefore,
    truncated: text.truncated,
  };
}
