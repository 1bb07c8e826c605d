/** True when every label is exactly 0 or 1 (and there is at least one): the labels ROC-AUC and F1 need. */
export function isBinaryLabels(labels: ArrayLike<number>): boolean {
  if (labels.length === 0) return false;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 0 && labels[i] !== 1) return false;
  return true;
}

/** Throws a RangeError naming the first label that is not 0 or 1, and when the lengths differ. */
export function assertBinaryLabels(scores: ArrayLike<number>, labels: ArrayLike<number>, fn: string): void {
  if (labels.length !== scores.length)
    throw new RangeError(`${fn}: lengths differ (${scores.length} scores vs ${labels.length} labels)`);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new RangeError(`${fn}: label ${i} is ${labels[i]}, not 0 or 1`);
  }
}
