/** Which model directory the server loads: `BGE_M3_MODEL_DIR`, default `models/bge-m3`, else the bundled test model. */
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";

export const DEFAULT_MODEL_DIR = "models/bge-m3";
export const TEST_MODEL_DIR = "models/bge-m3-tiny";

export interface ModelChoice {
  dir: string;
  /** True for the bundled random-weight model. */
  testModel: boolean;
  /** Why the test model is used instead of the real one, or null. */
  fallbackReason: string | null;
}

const isModelDir = (dir: string) => existsSync(path.join(dir, "onnx", "model.onnx"));

/** True when `dir` is the bundled test model (compared by real path). */
export function isBundledTestModel(dir: string, root = process.cwd()): boolean {
  try {
    return realpathSync(dir) === realpathSync(path.resolve(root, TEST_MODEL_DIR));
  } catch {
    return false;
  }
}

/**
 * An explicit `BGE_M3_MODEL_DIR` must exist; the default directory falls back to the test model with a reason.
 * `BGE_M3_FALLBACK_REASON` (set by `npm start` when it chose the test model) is passed through.
 */
export function chooseModelDir(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): ModelChoice {
  const explicit = env.BGE_M3_MODEL_DIR?.trim();
  const dir = path.resolve(root, explicit || DEFAULT_MODEL_DIR);
  const reason = env.BGE_M3_FALLBACK_REASON?.trim() || null;
  if (explicit) {
    if (!isModelDir(dir)) throw new Error(`BGE_M3_MODEL_DIR=${explicit}: no onnx/model.onnx in ${dir}`);
    const testModel = isBundledTestModel(dir, root);
    return { dir, testModel, fallbackReason: testModel ? reason : null };
  }
  if (isModelDir(dir)) return { dir, testModel: false, fallbackReason: null };
  return {
    dir: path.resolve(root, TEST_MODEL_DIR),
    testModel: true,
    fallbackReason: reason ?? `${DEFAULT_MODEL_DIR} is missing; run \`npm run model:download\` to get the real model.`,
  };
}
