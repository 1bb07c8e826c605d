/**
 * Which ONNX graph of a model directory runs: the official fp32 `onnx/model.onnx`, or the dynamically quantised
 * int8 `onnx/model_int8.onnx` that `npm run model:quantize` writes beside it.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Env } from "@/lib/config/env";
import { SETTINGS, setting } from "@/lib/config/settings";

export const MODEL_VARIANTS = SETTINGS.BGE_M3_VARIANT.choices;
export type ModelVariant = (typeof MODEL_VARIANTS)[number];

/** `BGE_M3_VARIANT`: fp32 (default) or int8. */
export function variantFromEnv(env: Env = process.env): ModelVariant {
  return setting("BGE_M3_VARIANT", env);
}

/** The graph file of a variant, relative to the model directory. */
export function variantFile(variant: ModelVariant): string {
  return path.join("onnx", variant === "int8" ? "model_int8.onnx" : "model.onnx");
}

/** The graph file's absolute path; for int8, an error saying how to make it when it is missing. */
export function variantPath(modelDir: string, variant: ModelVariant): string {
  const file = path.join(modelDir, variantFile(variant));
  if (variant === "int8" && !existsSync(file)) {
    throw new Error(
      `BGE_M3_VARIANT=int8, but ${file} does not exist; make it with \`npm run model:quantize -- --dir ${modelDir}\``,
    );
  }
  return file;
}
