/** Where a byte string stops being UTF-8, for request bodies: JSON between systems must be UTF-8 (RFC 8259 §8.1). */
import { isUtf8 } from "node:buffer";

/** The allowed range of the byte after lead byte `b` (Unicode's well-formed sequences, Table 3-7). */
function secondByteRange(b: number): [number, number] {
  if (b === 0xe0) return [0xa0, 0xbf]; // no overlong three-byte forms
  if (b === 0xed) return [0x80, 0x9f]; // no UTF-16 surrogates
  if (b === 0xf0) return [0x90, 0xbf]; // no overlong four-byte forms
  if (b === 0xf4) return [0x80, 0x8f]; // nothing past U+10FFFF
  return [0x80, 0xbf];
}

/** Continuation bytes after lead byte `b`, or -1 when `b` cannot start a character (0x80–0xC1, 0xF5–0xFF). */
const continuationsOf = (b: number): number => (b < 0xc2 ? -1 : b < 0xe0 ? 1 : b < 0xf0 ? 2 : b < 0xf5 ? 3 : -1);

/**
 * The byte offset of the first ill-formed sequence (where its first byte is; a sequence cut short by the end counts),
 * or -1 when `bytes` is all well-formed UTF-8. O(n); the common valid case is one native check.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = continuationsOf(b);
    if (n < 0) return i;
    const [lo, hi] = secondByteRange(b);
    const second = bytes[i + 1];
    if (second === undefined || second < lo || second > hi) return i;
    for (let k = 2; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return -1;
}
