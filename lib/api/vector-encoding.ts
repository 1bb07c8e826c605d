/** How a float32 vector goes on the wire: OpenAI's base64 of little-endian float32, and Matryoshka-style shortening. */
import { l2NormaliseInPlace } from "@/lib/m3/vector";
import type { EncodingFormat } from "./schemas";

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

/**
 * A float32 vector that goes on the wire as a JSON string, the base64 of its little-endian bytes. `slicedJsonResponse`
 * writes it a slice at a time and without escaping (base64 needs none); `JSON.stringify` gives the same string.
 */
export class Base64Float32 {
  constructor(readonly values: Float32Array) {}

  toJSON(): string {
    return float32Base64(this.values);
  }
}

/** A vector as a response holds it until it is written: float32 (JSON numbers) or `Base64Float32`. */
export type WireVector = Float32Array | Base64Float32;

/** How `format` puts a vector on the wire. */
export const wireVector =
  (format: EncodingFormat) =>
  (v: Float32Array): WireVector =>
    format === "base64" ? new Base64Float32(v) : v;

/** The first `n` values, L2-normalised again (OpenAI's `dimensions`); a copy, the input is not changed. */
export function shortenNormalised(v: Float32Array, n: number): Float32Array {
  const out = v.slice(0, n);
  l2NormaliseInPlace(out);
  return out;
}
