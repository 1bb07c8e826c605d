/** Temporary copies of the test model, for tests that write beside its graph or rewrite it. */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type ModelProto, readOnnxModel, writeOnnxModel } from "@/lib/model/onnx-io";
import { TEST_MODEL_DIR } from "./goldens";

/** Encoder stages cached beside a graph (lib/model/encoder-stages.ts): never copied, so a copy starts without them. */
export const STAGE_CACHE_FILE = /\.stage-\d+\.onnx$|\.stages\.json$/;

/**
 * A fresh copy of the test model in a temporary directory (or in a directory `name` inside it), without cached
 * stages; `remove()` deletes it.
 */
export function copyTestModel(
  prefix = "bge-m3-copy-",
  name?: string,
): { dir: string; graph: string; remove: () => void } {
  const tmp = mkdtempSync(path.join(os.tmpdir(), prefix));
  const dir = name ? path.join(tmp, name) : tmp;
  cpSync(TEST_MODEL_DIR, dir, { recursive: true, filter: (src) => !STAGE_CACHE_FILE.test(src) });
  return {
    dir,
    graph: path.join(dir, "onnx", "model.onnx"),
    remove: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

/** Decodes `graphFile`, lets `edit` change the model, and writes it back in place (external data untouched). */
export function rewriteGraph(graphFile: string, edit: (model: ModelProto) => void): void {
  const { proto } = readOnnxModel(graphFile);
  edit(proto);
  writeOnnxModel(proto, graphFile);
}
