import { describe, expect, it } from "vitest";
import { slicedJsonResponse } from "@/lib/api/json-stream";

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
