import type { LexicalWeights } from "./types";

/** Token ids FlagEmbedding drops from lexical weights: `<s>` 0, `<pad>` 1, `</s>` 2, `<unk>` 3. */
export const SPECIAL_TOKEN_IDS: ReadonlySet<number> = new Set([0, 1, 2, 3]);

/**
 * Aggregates per-position sparse weights into lexical weights, as FlagEmbedding's `_process_token_weights`:
 * special ids skipped, weights ≤ 0 skipped, max over repeated ids, keys in first-occurrence order.
 */
export function lexicalWeightsFrom(ids: ArrayLike<number>, weights: ArrayLike<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const w = weights[i]!;
    if (SPECIAL_TOKEN_IDS.has(id) || !(w > 0)) continue;
    const prev = out.get(id);
    if (prev === undefined || w > prev) out.set(id, w);
  }
  return out;
}

/**
 * Lexical (sparse) score: Σ over ids present in both texts of w_a·w_b (FlagEmbedding
 * `compute_lexical_matching_score`). Not normalised: identical texts do not score 1, and disjoint texts score 0.
 */
export function lexicalScore(a: LexicalWeights, b: LexicalWeights): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [id, w] of small) {
    const v = large.get(id);
    if (v !== undefined) s += w * v;
  }
  return s;
}

/** One token id the two texts share, with both weights and their product (its contribution to the lexical score). */
export interface SharedLexicalTerm {
  id: number;
  weightA: number;
  weightB: number;
  product: number;
}

/** The shared ids in text a's order, each with its contribution to `lexicalScore(a, b)`. */
export function sharedLexicalTerms(a: LexicalWeights, b: LexicalWeights): SharedLexicalTerm[] {
  const out: SharedLexicalTerm[] = [];
  for (const [id, weightA] of a) {
    const weightB = b.get(id);
    if (weightB !== undefined) out.push({ id, weightA, weightB, product: weightA * weightB });
  }
  return out;
}

/** A text's lexical score against itself: Σ w². */
export function lexicalSelfScore(weights: Iterable<number>): number {
  let s = 0;
  for (const w of weights) s += w * w;
  return s;
}

/**
 * The lexical score on a 0–1 scale: s_ab / √(s_aa · s_bb), each text's self-score dividing it out, i.e. the cosine of
 * the two weight vectors. Weights are ≥ 0, so it lies in [0, 1], and a text scores 1 against itself. 0 when either text
 * has no weights. Not part of FlagEmbedding, whose `compute_score` uses the raw `lexicalScore`.
 */
export function unitLexicalScore(score: number, selfA: number, selfB: number): number {
  const norm = Math.sqrt(selfA * selfB);
  return norm > 0 ? Math.min(1, score / norm) : 0;
}
