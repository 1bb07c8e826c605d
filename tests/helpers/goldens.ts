/** The reference outputs for the test model (float64, FlagEmbedding semantics, HF Rust tokenizer ids). */
import { readFileSync } from "node:fs";
import path from "node:path";

export interface GoldenPair {
  a: string;
  b: string;
  ids_a: number[];
  ids_b: number[];
  dense: number;
  sparse: number;
  colbert: number;
  lexical_a: Record<string, number>;
  lexical_b: Record<string, number>;
  dense_a: number[];
  maxsim: number[][];
}

export const GOLDEN_TOLERANCE = 1e-4;
export const TEST_MODEL_DIR = path.resolve("models/bge-m3-tiny");
/** The test model's attention heads, from its config.json. */
export const TEST_HEADS: number = JSON.parse(
  readFileSync(path.join(TEST_MODEL_DIR, "config.json"), "utf8"),
).num_attention_heads;

const readPairs = (file: string): GoldenPair[] =>
  JSON.parse(readFileSync(path.resolve("tests/fixtures", file), "utf8")).pairs;

/** The 14 shared golden pairs, then 14 more (other scripts, NFKC, emoji, code, a 4,863-token text) made the same way. */
export const goldenPairs: GoldenPair[] = [
  ...readPairs("bge-m3-tiny-pairs.json"),
  ...readPairs("bge-m3-tiny-extra-pairs.json"),
];

/** Short label for a test name. */
export const label = (p: GoldenPair) => `${JSON.stringify(p.a.slice(0, 24))} / ${JSON.stringify(p.b.slice(0, 24))}`;

/** Largest absolute difference between two equal-shape number arrays (Infinity when shapes differ). */
export function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

/** Largest absolute difference between a lexical-weights map and a golden {id: weight} record; keys must agree. */
export function lexicalDiff(actual: ReadonlyMap<number, number>, golden: Record<string, number>): number {
  const keysA = [...actual.keys()].map(String);
  const keysG = Object.keys(golden);
  if (keysA.length !== keysG.length || keysA.some((k) => !(k in golden))) return Number.POSITIVE_INFINITY;
  return Math.max(0, ...[...actual].map(([id, w]) => Math.abs(w - golden[String(id)]!)));
}
