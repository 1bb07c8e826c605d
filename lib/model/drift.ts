/**
 * How far a quantised model's outputs are from the fp32 model's: the cosine between the two dense vectors of each
 * text, and the change in each mode's score of each pair.
 */
import { colbertScore } from "@/lib/m3/colbert";
import { denseScore } from "@/lib/m3/dense";
import { DEFAULT_WEIGHTS, hybridScore } from "@/lib/m3/hybrid";
import { lexicalScore } from "@/lib/m3/lexical";
import type { ModeScores, Representation } from "@/lib/m3/types";

/** Anything that encodes texts into representations (the engine, in practice). */
export interface Encoder {
  encode(texts: readonly string[]): Promise<Representation[]>;
}

export type TextPair = readonly [string, string];

export interface Spread {
  mean: number;
  max: number;
}

export interface DriftReport {
  texts: number;
  pairs: number;
  /** Cosine between the fp32 and the quantised dense vector of the same text. */
  denseCosine: { mean: number; min: number };
  /** |score(quantised) − score(fp32)| over the pairs, per mode and for the default hybrid. */
  scoreDelta: Record<keyof ModeScores | "hybrid", Spread>;
  /** Mean fp32 score over the pairs, per mode: the scale the changes compare with. */
  referenceMean: Record<keyof ModeScores | "hybrid", number>;
}

/** Mean dense cosine below which the int8 variant is not offered. */
export const MIN_DENSE_COSINE = 0.99;

/** Pairs the quantiser checks itself on: the golden test texts, short and long, several languages. */
export const DRIFT_PAIRS: readonly TextPair[] = [
  [
    "What is BGE M3?",
    "BGE M3 is an embedding model supporting dense retrieval, lexical matching and multi-vector interaction.",
  ],
  [
    "Defination of BM25",
    "BM25 is a bag-of-words retrieval function that ranks a set of documents based on the query terms appearing in each document",
  ],
  ["我喜欢看书", "阅读使我快乐"],
  ["气候变化是全球挑战", "Climate change is a global challenge"],
  ["環境変動は世界的な課題です", "气候变化是全球挑战"],
  ["公司年假政策是怎么规定的？", "员工每年享有15天带薪年休假。"],
  ["The cat sat on the mat", "A cat was sitting on the rug"],
  ["emoji 🚀 and ✨ sparkles", "rocket launch 🚀"],
  [
    "Retrieval-augmented generation combines a retriever with a generator so that answers cite the documents they " +
      "come from. The retriever scores passages against the question, the generator reads the best of them, and the " +
      "answer is grounded in text the user can check. Hybrid retrieval mixes dense, lexical and multi-vector scores.",
    "What does retrieval-augmented generation combine?",
  ],
  ["Wie spät ist es?", "What time is it?"],
];

function scoresOf(a: Representation, b: Representation): ModeScores & { hybrid: number } {
  const s = {
    dense: denseScore(a.dense, b.dense),
    sparse: lexicalScore(a.lexical, b.lexical),
    colbert: colbertScore(a.colbert, b.colbert),
  };
  return { ...s, hybrid: hybridScore(s, DEFAULT_WEIGHTS) };
}

const spread = (values: number[]): Spread => ({
  mean: values.reduce((s, v) => s + v, 0) / values.length,
  max: Math.max(...values),
});

/** Encodes every text of `pairs` with both encoders and compares the outputs. */
export async function measureDrift(
  reference: Encoder,
  candidate: Encoder,
  pairs: readonly TextPair[] = DRIFT_PAIRS,
): Promise<DriftReport> {
  if (pairs.length === 0) throw new Error("drift needs at least one pair of texts");
  const texts = [...new Set(pairs.flat())];
  const [ref, cand] = [await reference.encode(texts), await candidate.encode(texts)];
  const byText = (reps: Representation[]) => new Map(texts.map((t, i) => [t, reps[i]!]));
  const [r, c] = [byText(ref), byText(cand)];
  const cosines = texts.map((t) => denseScore(r.get(t)!.dense, c.get(t)!.dense));
  const befores = pairs.map(([a, b]) => scoresOf(r.get(a)!, r.get(b)!));
  const deltas = pairs.map(([a, b], i) => {
    const before = befores[i]!;
    const after = scoresOf(c.get(a)!, c.get(b)!);
    return {
      dense: Math.abs(after.dense - before.dense),
      sparse: Math.abs(after.sparse - before.sparse),
      colbert: Math.abs(after.colbert - before.colbert),
      hybrid: Math.abs(after.hybrid - before.hybrid),
    };
  });
  return {
    texts: texts.length,
    pairs: pairs.length,
    denseCosine: { mean: cosines.reduce((s, v) => s + v, 0) / cosines.length, min: Math.min(...cosines) },
    scoreDelta: {
      dense: spread(deltas.map((d) => d.dense)),
      sparse: spread(deltas.map((d) => d.sparse)),
      colbert: spread(deltas.map((d) => d.colbert)),
      hybrid: spread(deltas.map((d) => d.hybrid)),
    },
    referenceMean: {
      dense: spread(befores.map((s) => s.dense)).mean,
      sparse: spread(befores.map((s) => s.sparse)).mean,
      colbert: spread(befores.map((s) => s.colbert)).mean,
      hybrid: spread(befores.map((s) => s.hybrid)).mean,
    },
  };
}
