import { averageRanks } from "./average-ranks";
import { pearson } from "./pearson";

/**
 * Spearman's rank correlation with ties handled as scipy.stats.spearmanr does: Pearson's r of the average ranks
 * (not the 1 − 6Σd²/(n(n²−1)) shortcut, which is wrong when there are ties). O(n log n).
 *
 * Degenerate input, as `pearson`: NaN when n < 2 or when either side is constant; throws on differing lengths or NaN.
 *
 * @example spearman([1, 2, 2, 3], [1, 3, 2, 4]) // 0.9486832980505138
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (y.length !== x.length) throw new RangeError(`spearman: lengths differ (${x.length} vs ${y.length})`);
  return pearson(averageRanks(x), averageRanks(y));
}
