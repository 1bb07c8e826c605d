/**
 * Float32 cells as the API sends them with `encoding_format: "base64"`: the base64 of their little-endian bytes.
 * Read in any JavaScript runtime (browser, worker, Node) and on a host of either byte order.
 */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The number of bytes `s` decodes to, counted without decoding it; null when `s` is not padded standard base64. */
export function base64ByteLength(s: string): number | null {
  if (s.length % 4 !== 0 || !BASE64.test(s)) return null;
  const padding = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
  return (s.length / 4) * 3 - padding;
}

function base64Bytes(s: string): Uint8Array {
  const binary = atob(s);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The little-endian float32 cells `s` holds (a trailing part of a cell is dropped). */
export function base64Float32(s: string): Float32Array {
  const bytes = base64Bytes(s);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cells = new Float32Array(Math.floor(bytes.length / 4));
  for (let i = 0; i < cells.length; i++) cells[i] = view.getFloat32(i * 4, true);
  return cells;
}

/** A matrix's cells, row after row, when `data` decodes to exactly `rows` × `cols` float32 cells; else null. */
export function base64Matrix({ rows, cols, data }: { rows: number; cols: number; data: string }): Float32Array | null {
  if (rows < 0 || cols < 0 || base64ByteLength(data) !== rows * cols * 4) return null;
  return base64Float32(data);
}
