/**
 * Case 10: what it costs to deliver one 8,192-token text's ColBERT vectors from `/api/embed` (mode colbert), as JSON
 * numbers and as base64 (`encoding_format`). The body has the route's shape, is written by its own `wireVector`
 * and `slicedJsonResponse` and read to its last byte, in this process; the encoder is left out (its vectors are random
 * unit vectors of the model's size), so only the answer is timed.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { slicedJsonResponse } from "../../lib/api/json-stream";
import { wireVector } from "../../lib/api/vector-encoding";
import { l2NormaliseInPlace } from "../../lib/m3/vector";
import { prng } from "../lib/load";
import { type BenchOptions, base } from "./options";
import { interleave, percentiles } from "./timing";
import type { Case10 } from "./types";

/** ColBERT vectors of a text of `bge-m3`'s longest length: every token but `<s>`. */
const ROWS = 8191;

function unitRows(rows: number, dim: number): Float32Array[] {
  const rand = prng(10);
  return Array.from({ length: rows }, () => {
    const v = Float32Array.from({ length: dim }, () => rand() - 0.5);
    l2NormaliseInPlace(v);
    return v;
  });
}

async function bodyBytes(body: unknown): Promise<number> {
  return (await slicedJsonResponse(body as never).arrayBuffer()).byteLength;
}

export async function case10(opts: BenchOptions): Promise<Case10> {
  const s = opts.sizes;
  const config = JSON.parse(readFileSync(path.join(opts.modelDir, "config.json"), "utf8")) as { hidden_size: number };
  const rows = unitRows(ROWS, config.hidden_size);
  const bytes: Record<string, number> = {};
  const deliver = (format: "float" | "base64") => async () => {
    const colbert = rows.map(wireVector(format));
    bytes[format] = await bodyBytes({ colbert: [colbert], usage: { tokens: ROWS + 1 } });
  };
  const t = await interleave(
    [
      { name: "float", run: deliver("float") },
      { name: "base64", run: deliver("base64") },
    ],
    { warmup: 1, repeats: Math.max(5, s.repeats) },
    "case 10",
  );
  const float = percentiles(t.ms.float!);
  const b64 = percentiles(t.ms.base64!);
  return {
    ...base(opts, 10),
    case: 10,
    vectors: ROWS,
    dimension: config.hidden_size,
    float: { ...float, body_mb: Math.round(bytes.float! / 1e5) / 10 },
    base64: { ...b64, body_mb: Math.round(bytes.base64! / 1e5) / 10 },
    base64_speedup: Math.round((float.p50_ms / b64.p50_ms) * 100) / 100,
  };
}
