/**
 * Near-duplicate groups in an N×N score matrix: the connected components of the graph that links texts i ≠ j when
 * their score reaches the threshold in both directions (score[i][j] ≥ t and score[j][i] ≥ t, so an asymmetric
 * ColBERT or hybrid matrix links a pair only when each text finds the other). A chain a–b–c is one group even when
 * a and c are not linked themselves, as in any single-linkage clustering.
 *
 * Returns only groups of two or more texts, each listed in ascending index order, largest group first (ties: the
 * group whose first text comes first). Union–find with path halving: O(n² α(n)).
 * Degenerate input: n = 0 or 1 gives no groups; a NaN threshold links nothing; the diagonal is ignored.
 */
export function nearDuplicateGroups(matrix: ArrayLike<number>, n: number, threshold: number): number[][] {
  if (matrix.length !== n * n) throw new RangeError(`matrix has ${matrix.length} cells, expected ${n}×${n}`);
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) {
      parent[r] = parent[parent[r]!]!;
      r = parent[r]!;
    }
    return r;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (matrix[i * n + j]! >= threshold && matrix[j * n + i]! >= threshold) {
        const ri = find(i);
        const rj = find(j);
        if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
      }
    }
  }
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const g = byRoot.get(r);
    if (g) g.push(i);
    else byRoot.set(r, [i]);
  }
  return [...byRoot.values()].filter((g) => g.length > 1).sort((x, y) => y.length - x.length || x[0]! - y[0]!);
}
