import { averageRanks } from "./average-ranks";
import { assertBinaryLabels } from "./binary-labels";

/**
 * Area under the ROC curve for scores against 0/1 labels: the probability that a random positive scores higher than
 * a random negative, a tie counting ½ (as sklearn.metrics.roc_auc_score). Computed from average ranks as the
 * Mann–Whitney U statistic, AUC = (R₊ − n₊(n₊+1)/2) / (n₊·n₋), where R₊ is the rank sum of the positives. O(n log n).
 *
 * Degenerate input: NaN when there is no positive or no negative (the curve is undefined; sklearn raises).
 * Throws a RangeError on a label other than 0 or 1, on differing lengths, and on NaN scores.
 *
 * @example rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) // 0.75
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  assertBinaryLabels(scores, labels, "rocAuc");
  const ranks = averageRanks(scores);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) {
      positives++;
      rankSum += ranks[i]!;
    }
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
