import { describe, expect, it } from "vitest";
import { float32Base64 } from "@/lib/api/vector-encoding";
import { base64ByteLength, base64Float32, base64Matrix } from "@/lib/ui/float32-base64";

/** The base64 of `values` as little-endian float32, written byte by byte whatever this host's byte order. */
function littleEndianBase64(values: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => {
    view.setFloat32(i * 4, v, true);
  });
  return Buffer.from(view.buffer).toString("base64");
}

describe("float32 cells sent as base64", () => {
  it("decode from little-endian bytes, whatever the host's byte order", () => {
    const values = [1.5, -0.25, 0.1, 3e-8, -1];
    expect(Array.from(base64Float32(littleEndianBase64(values)))).toEqual(Array.from(Float32Array.from(values)));
    // 1.0f is 00 00 80 3f in little-endian order, 3f 80 00 00 in big-endian.
    expect(Array.from(base64Float32(Buffer.from([0, 0, 0x80, 0x3f]).toString("base64")))).toEqual([1]);
  });

  it("read back what the server writes, NaN and infinities as they were", () => {
    const cells = Float32Array.from([0.75, Number.NaN, Number.POSITIVE_INFINITY, -0.5]);
    expect(Array.from(base64Float32(float32Base64(cells)))).toEqual(Array.from(cells));
    expect(base64Float32("")).toHaveLength(0);
  });

  it("count the bytes a string decodes to without decoding it, and null for a string that is not base64", () => {
    for (const n of [0, 1, 2, 3, 4, 5, 6]) expect(base64ByteLength(Buffer.alloc(n, 7).toString("base64"))).toBe(n);
    for (const bad of ["AAA", "AA=A", "AAA===", "A$AA", "AA AA", "AAAA\n"]) expect(base64ByteLength(bad)).toBeNull();
  });
});

describe("a base64 matrix", () => {
  it("gives its cells only when the data holds exactly rows × cols of them", () => {
    const data = float32Base64(Float32Array.from([1, 2, 3, 4, 5, 6]));
    expect(Array.from(base64Matrix({ rows: 2, cols: 3, data })!)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(base64Matrix({ rows: 0, cols: 0, data: "" })).toHaveLength(0);
    for (const [rows, cols] of [
      [2, 2],
      [3, 3],
      [-2, -3],
    ] as const)
      expect(base64Matrix({ rows, cols, data })).toBeNull();
    expect(base64Matrix({ rows: 1, cols: 1, data: "AAA$" })).toBeNull();
  });
});
