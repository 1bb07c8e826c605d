/**
 * The int8 weight scales a quantised graph was written with, as its metadata records them, and which CPUs run them
 * exactly. `pair` (default) bounds each column's largest adjacent pair, so AVX2's `vpmaddubsw` cannot saturate: exact
 * on every x86 CPU. `column` maps each column's largest |w| to 127, half the step, but is exact only where
 * onnxruntime's u8×s8 kernel uses VNNI's `vpdpbusd`, which does not saturate.
 */
import path from "node:path";
import { readOnnxModel } from "./onnx-io";

export const INT8_SCALES = ["pair", "column"] as const;
export type Int8Scales = (typeof INT8_SCALES)[number];

export const QUANTIZATION_METADATA_KEY = "bge_m3_studio.quantization";
export const QUANTIZATION_SCHEME = "dynamic int8: DynamicQuantizeMatMul (per-column int8 weights) + int8 embeddings";

/** Either CPU flag means onnxruntime's u8×s8 GEMM uses `vpdpbusd`. */
export const VNNI_FLAGS = ["avx512_vnni", "avx_vnni"] as const;

/** The metadata value: the scheme, then `; scales=<choice>`. */
export function quantizationMetadata(scales: Int8Scales): string {
  return `${QUANTIZATION_SCHEME}; scales=${scales}`;
}

/** The scales a metadata value names; a value without `scales=` was written before the choice existed: `pair`. */
export function scalesOfMetadata(value: string): Int8Scales {
  const m = /;\s*scales=([^;\s]*)\s*$/.exec(value);
  if (!m) return "pair";
  const scales = INT8_SCALES.find((s) => s === m[1]);
  if (!scales) throw new Error(`unknown int8 scales "${m[1]}" (this version knows ${INT8_SCALES.join(", ")})`);
  return scales;
}

/** The scales a graph file's metadata records, or null when this quantiser did not write it. */
export function int8ScalesOf(file: string): Int8Scales | null {
  const entry = (readOnnxModel(file).proto.metadataProps ?? []).find((p) => p.key === QUANTIZATION_METADATA_KEY);
  if (!entry) return null;
  try {
    return scalesOfMetadata(entry.value ?? "");
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}

/** Why these scales would not run exactly on a CPU with `flags`, or null when they do. */
export function scalesRefusal(scales: Int8Scales, flags: readonly string[]): string | null {
  if (scales === "pair" || VNNI_FLAGS.some((f) => flags.includes(f))) return null;
  return (
    `int8 scales "column" are exact only on a CPU with ${VNNI_FLAGS.join(" or ")}, and this CPU has neither ` +
    "(without VNNI its int8 kernel saturates on them and the vectors drift)"
  );
}

/** Throws, naming the file and how to fix it, when the graph's scales would not run exactly on this CPU. */
export function checkInt8Scales(file: string, scales: Int8Scales | null, flags: readonly string[]): void {
  const refusal = scales && scalesRefusal(scales, flags);
  if (refusal) {
    const dir = path.dirname(path.dirname(file));
    throw new Error(
      `refusing to load ${file}: ${refusal}; re-quantise it with ` +
        `\`npm run model:quantize -- --dir ${dir} --scales pair --force\``,
    );
  }
}
