/** How a float32 vector goes on the wire: OpenAI's base64 of little-endian float32, and Matryoshka-style shortening. */
import { l2NormaliseInPlace } from "@/lib/m3/vector";

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The vector's bytes as little-endian float32, base64-encoded (what OpenAI returns for encoding_format=base64); read
 * back with `base64Float32` (lib/ui/float32-base64.ts), in Node or a browser.
 */
export function float32Base64(v: Float32Array): string {
  if (LITTLE_ENDIAN) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
  const buf = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) buf.writeFloatLE(v[i]!, i * 4);
  return buf.toString("base64");
}

/** The first `n` values, L2-normalised again (OpenAI's `dimensions`); a copy, the input is not changed. */
export function shortenNormalised(v: Float32Array, n: number): Float32Array {
  const out = v.slice(0, n);
  l2NormaliseInPlace(out);
  return out;
}
