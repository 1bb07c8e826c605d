/**
 * Average ranks ("fractional ranking"), as scipy.stats.rankdata(method="average"): the smallest value gets rank 1,
 * and values that tie share the mean of the ranks they span, so [10, 20, 20, 30] → [1, 2.5, 2.5, 4].
 *
 * O(n log n): one sort of the indices, then one pass over runs of equal values.
 * Empty input gives an empty array. Throws a RangeError on NaN, which has no place in an order.
 *
 * @example averageRanks([3, 1, 3]) // Float64Array [2.5, 1, 2.5]
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i])) throw new RangeError(`cannot rank NaN (at index ${i})`);
    order[i] = i;
  }
  order.sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}
