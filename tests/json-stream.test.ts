import { describe, expect, it } from "vitest";
import { slicedJsonResponse } from "@/lib/api/json-stream";
import { Base64Float32, float32Base64 } from "@/lib/api/vector-encoding";
import { base64Float32 } from "@/lib/ui/float32-base64";

describe("slicedJsonResponse", () => {
  it("writes exactly JSON.stringify's text, with Float32Arrays as arrays and undefined fields left out", async () => {
    const vector = Float32Array.of(0.1, -2.5, 3e-8, 0);
    const value = {
      model: { name: "m", revision: null },
      embeddings: [vector, new Float32Array(0)],
      nested: [[vector.subarray(1, 3)], [], [null, 1, "two", true, undefined]],
      skipped: undefined,
      text: 'quote " and 中文 and \u2028',
    };
    const res = slicedJsonResponse(value);
    expect(res.headers.get("content-type")).toBe("application/json");
    const expected = JSON.stringify({
      model: value.model,
      embeddings: [Array.from(vector), []],
      nested: [[Array.from(vector.subarray(1, 3))], [], [null, 1, "two", true, null]],
      text: value.text,
    });
    expect(await res.text()).toBe(expected);
  });

  it("writes long flat arrays (numbers, strings, both, Float32Arrays) exactly, across the pieces it cuts them in", async () => {
    const numbers = Array.from({ length: 10_001 }, (_, i) => (i % 3 === 0 ? -i / 7 : i));
    const strings = Array.from({ length: 4097 }, (_, i) => `"${i}"\n中`);
    const floats = Float32Array.from({ length: 8192 }, (_, i) => Math.sin(i));
    const mixed = Array.from({ length: 5000 }, (_, i) => (i % 2 ? `v${i}` : i / 3));
    const value = { numbers, strings, mixed, floats, edge: [Array.from({ length: 4096 }, () => 1), [0], []] };
    const expected = JSON.stringify({ ...value, floats: Array.from(floats) });
    expect(await slicedJsonResponse(value).text()).toBe(expected);
  });

  it("writes Base64Float32 vectors as the base64 strings of their float32 bytes, long ones across pieces", async () => {
    // Lengths on both sides of a piece, and ones whose bytes are no multiple of 3 (base64 padding).
    const vectors = [0, 1, 2, 1024, 12_288, 12_289, 30_001].map((n) =>
      Float32Array.from({ length: n }, (_, i) => Math.cos(i)),
    );
    const value = { embeddings: vectors.map((v) => new Base64Float32(v)), colbert: [[new Base64Float32(vectors[3]!)]] };
    const text = await slicedJsonResponse(value).text();
    expect(text).toBe(
      JSON.stringify({ embeddings: vectors.map(float32Base64), colbert: [[float32Base64(vectors[3]!)]] }),
    );
    expect(text).toBe(JSON.stringify(value));
    const parsed = JSON.parse(text) as { embeddings: string[] };
    expect(parsed.embeddings.map((s) => Array.from(base64Float32(s)))).toEqual(vectors.map((v) => Array.from(v)));
  });

  it("gives the event loop a turn while it writes a large body", async () => {
    const rows = Array.from({ length: 4000 }, (_, r) => Float32Array.from({ length: 1024 }, (_, i) => (r * i) % 7));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const text = await slicedJsonResponse({ colbert: [rows] }).text();
    clearInterval(timer);
    expect(JSON.parse(text).colbert[0]).toHaveLength(4000);
    expect(ticks).toBeGreaterThan(2);
  });
});
