/** Dot product of two equal-length vectors; accumulates in float64. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>, aOffset = 0, bOffset = 0, length = a.length): number {
  let s = 0;
  for (let i = 0; i < length; i++) s += a[aOffset + i]! * b[bOffset + i]!;
  return s;
}

/**
 * L2-normalises `length` values of `v` starting at `offset`, in place.
 * Matches torch.nn.functional.normalize: divides by max(‖v‖, 1e-12), so a zero vector stays zero.
 */
export function l2NormaliseInPlace(v: Float32Array, offset = 0, length = v.length - offset): void {
  let sq = 0;
  for (let i = 0; i < length; i++) sq += v[offset + i]! * v[offset + i]!;
  const inv = 1 / Math.max(Math.sqrt(sq), 1e-12);
  for (let i = 0; i < length; i++) v[offset + i]! *= inv;
}
