/**
 * The transformers.js baseline: `pipeline("feature-extraction")` on the same ONNX file, from local files only.
 * Our model layout keeps the tokenizer files in onnx/; transformers.js wants them at the root, so a temporary
 * directory in the Hugging Face layout is made of symlinks to the model directory's files.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { env, type FeatureExtractionPipeline, pipeline } from "@huggingface/transformers";
import { threadCount } from "../lib/proc";

const ROOT_FILES = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"];
const MODEL_ID = "bge-m3";

export interface HfLayout {
  /** Folder to give as env.localModelPath; the model id inside it is `bge-m3`. */
  base: string;
  /** Whether onnx/model.onnx_data exists (transformers.js then checks it with use_external_data_format). */
  externalData: boolean;
  remove: () => void;
}

/** A temporary Hugging Face layout whose onnx/model.onnx is `graphPath` (the fp32 or int8 graph). */
export function hfLayout(modelDir: string, graphPath: string): HfLayout {
  const base = mkdtempSync(path.join(os.tmpdir(), "bge-m3-bench-hf-"));
  const dir = path.join(base, MODEL_ID);
  mkdirSync(path.join(dir, "onnx"), { recursive: true });
  const link = (target: string, at: string) => symlinkSync(path.resolve(target), path.join(dir, at));
  link(path.join(modelDir, "config.json"), "config.json");
  for (const f of ROOT_FILES) {
    const inOnnx = path.join(modelDir, "onnx", f);
    const source = existsSync(inOnnx) ? inOnnx : path.join(modelDir, f);
    if (existsSync(source)) link(source, f);
  }
  // Every other file of onnx/ (external data under whatever names the graph uses); the chosen graph as model.onnx.
  for (const f of readdirSync(path.join(modelDir, "onnx"))) {
    if (f.endsWith(".onnx") || ROOT_FILES.includes(f) || f === "config.json") continue;
    link(path.join(modelDir, "onnx", f), path.join("onnx", f));
  }
  link(graphPath, path.join("onnx", "model.onnx"));
  return {
    base,
    externalData: existsSync(path.join(dir, "onnx", "model.onnx_data")),
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}

export interface Baseline {
  extractor: FeatureExtractionPipeline;
  /** Threads the pipeline's ONNX session started, plus the calling thread (which also runs work). */
  threadsObserved: number;
  layout: HfLayout;
}

/**
 * Loads the pipeline with transformers.js' default session options (the baseline users get: no thread count,
 * ONNX Runtime picks it), counting the threads that loading it started.
 */
export async function loadBaseline(modelDir: string, graphPath: string): Promise<Baseline> {
  const layout = hfLayout(modelDir, graphPath);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = layout.base;
  const before = threadCount();
  const extractor = await pipeline("feature-extraction", MODEL_ID, {
    dtype: "fp32",
    local_files_only: true,
    use_external_data_format: layout.externalData,
  });
  return { extractor, threadsObserved: threadCount() - before + 1, layout };
}

/** transformers.js' pooled, normalised embedding of every text, as a user of the pipeline would ask for it. */
export async function embedCls(extractor: FeatureExtractionPipeline, texts: string | string[]): Promise<Float32Array> {
  const out = await extractor(texts, { pooling: "cls", normalize: true });
  return out.data as Float32Array;
}
