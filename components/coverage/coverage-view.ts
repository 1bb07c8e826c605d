/**
 * The coverage page's numbers, recomputed in the browser for any mode and weights from what `/api/coverage` sent
 * (each passage's scores against the summary, and every summary sentence against every passage). Pure: no DOM here.
 */
import type { Mode } from "@/components/shell/modes";
import { normaliseWeights } from "@/lib/m3/hybrid";
import type { HybridWeights, ModeScores } from "@/lib/m3/types";

/** Every summary sentence against every passage, one matrix per mode: `[sentence][passage]`. */
export interface SentenceScores {
  dense: readonly (readonly number[])[];
  sparse: readonly (readonly number[])[];
  colbert: readonly (readonly number[])[];
}

/** A weighted sum of the three modes; `mode` alone puts all the weight on it. */
function modeWeights(mode: Mode, w: HybridWeights): HybridWeights {
  if (mode === "hybrid") return normaliseWeights(w);
  return { dense: mode === "dense" ? 1 : 0, sparse: mode === "sparse" ? 1 : 0, colbert: mode === "colbert" ? 1 : 0 };
}

/** Each passage's score against the whole summary in `mode` (the hybrid under `w`). */
export function passageValues(passages: readonly { scores: ModeScores }[], mode: Mode, w: HybridWeights): Float64Array {
  const k = modeWeights(mode, w);
  return Float64Array.from(
    passages,
    ({ scores: s }) => k.dense * s.dense + k.sparse * s.sparse + k.colbert * s.colbert,
  );
}

/** The passage with the highest value (ties: the earlier), or null when there are none. */
export function bestPassage(values: ArrayLike<number>): { index: number; value: number } | null {
  let best: { index: number; value: number } | null = null;
  for (let i = 0; i < values.length; i++) {
    if (!best || values[i]! > best.value) best = { index: i, value: values[i]! };
  }
  return best;
}

/** Sentence × passage scores in `mode`, one row per sentence. */
function sentenceRows(s: SentenceScores, mode: Mode, w: HybridWeights): Float64Array[] {
  const k = modeWeights(mode, w);
  return s.dense.map((dense, i) => {
    const sparse = s.sparse[i]!;
    const colbert = s.colbert[i]!;
    return Float64Array.from(dense, (d, j) => k.dense * d + k.sparse * sparse[j]! + k.colbert * colbert[j]!);
  });
}

/** A summary sentence's best-supporting passage (-1 when there are no passages) and its score. */
export interface SentenceSupport {
  passage: number;
  score: number;
}

/** Each sentence's best passage in `mode`; ties go to the earlier passage. */
export function sentenceSupport(s: SentenceScores, mode: Mode, w: HybridWeights): SentenceSupport[] {
  return sentenceRows(s, mode, w).map((row) => {
    let best: SentenceSupport = { passage: -1, score: Number.NEGATIVE_INFINITY };
    row.forEach((v, j) => {
      if (v > best.score) best = { passage: j, score: v };
    });
    return best;
  });
}

/** Each passage's (of `count`) best score from any summary sentence in `mode`; −∞ when the summary has none. */
export function closestSentenceScores(s: SentenceScores, count: number, mode: Mode, w: HybridWeights): Float64Array {
  const closest = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
  for (const row of sentenceRows(s, mode, w)) {
    row.forEach((v, j) => {
      if (v > closest[j]!) closest[j] = v;
    });
  }
  return closest;
}

/** The passages no sentence scores at least `threshold` on (from `closestSentenceScores`), in document order. */
export function missedPassages(closest: Float64Array, threshold: number): number[] {
  return [...closest].flatMap((v, j) => (v >= threshold ? [] : [j]));
}

/** A stretch of the document covered by the same passages; `passage` is the best of them (-1 for none). */
export interface CoverageSegment {
  start: number;
  end: number;
  passage: number;
  passages: number[];
}

/**
 * The document (`length` UTF-16 units) cut at every passage's start and end, each piece shaded by the passage with
 * the highest value among those covering it (ties: the earlier passage). O(edges × passages).
 */
export function coverageSegments(
  length: number,
  passages: readonly { start: number; end: number }[],
  values: ArrayLike<number>,
): CoverageSegment[] {
  const edges = new Set([0, length]);
  for (const p of passages) {
    edges.add(Math.max(0, Math.min(length, p.start)));
    edges.add(Math.max(0, Math.min(length, p.end)));
  }
  const cuts = [...edges].sort((a, b) => a - b);
  const segments: CoverageSegment[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const start = cuts[k]!;
    const end = cuts[k + 1]!;
    const covering = passages.flatMap((p, j) => (p.start <= start && p.end >= end ? [j] : []));
    const passage = covering.reduce((best, j) => (best < 0 || values[j]! > values[best]! ? j : best), -1);
    segments.push({ start, end, passage, passages: covering });
  }
  return segments;
}

/** How many shades the map uses. */
export const LEVELS = 5;

/** The shade of `v` within [min, max]: 0 (lowest) to LEVELS − 1; the middle one when the range is empty. */
export function scoreLevel(v: number, min: number, max: number): number {
  if (!(max > min)) return Math.floor(LEVELS / 2);
  const x = Math.floor(((v - min) / (max - min)) * LEVELS);
  return Math.max(0, Math.min(LEVELS - 1, x));
}
