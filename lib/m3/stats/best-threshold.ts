import { assertBinaryLabels } from "./binary-labels";

/** A decision threshold and how well it separates the labels: a pair is predicted positive when score ≥ threshold. */
export interface ThresholdChoice {
  threshold: number;
  f1: number;
  precision: number;
  recall: number;
}

/**
 * The threshold with the highest F1 = 2TP / (2TP + FP + FN), predicting positive when score ≥ threshold.
 * The candidates are the distinct scores themselves; ties in F1 go to the highest threshold (the most cautious one).
 * One sort and one sweep from the highest score down, moving whole groups of equal scores at a time: O(n log n).
 *
 * Degenerate input: null when there are no pairs or no positive label (F1 is 0 at every threshold, so no threshold is
 * better than another). Throws a RangeError on a label other than 0 or 1, on differing lengths, and on NaN scores.
 *
 * @example bestThreshold([0.2, 0.5, 0.7, 0.9], [0, 1, 0, 1]) // { threshold: 0.5, f1: 0.8, precision: 2/3, recall: 1 }
 */
export function bestThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>): ThresholdChoice | null {
  assertBinaryLabels(scores, labels, "bestThreshold");
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) throw new RangeError(`bestThreshold: score ${i} is NaN`);
    positives += labels[i]!;
  }
  if (n === 0 || positives === 0) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let tp = 0;
  let fp = 0;
  let best: ThresholdChoice | null = null;
  let k = 0;
  while (k < n) {
    const threshold = scores[order[k]!]!;
    while (k < n && scores[order[k]!] === threshold) {
      if (labels[order[k]!] === 1) tp++;
      else fp++;
      k++;
    }
    const f1 = (2 * tp) / (2 * tp + fp + (positives - tp));
    if (best === null || f1 > best.f1) best = { threshold, f1, precision: tp / (tp + fp), recall: tp / positives };
  }
  return best;
}
