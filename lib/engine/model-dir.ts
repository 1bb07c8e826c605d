/** Which model directory the server loads: `BGE_M3_MODEL_DIR`, default `models/bge-m3`, else the bundled test model. */
import { realpathSync } from "node:fs";
import path from "node:path";
import type { Env } from "@/lib/config/env";
import { setting } from "@/lib/config/settings";
import { modelDirState } from "@/lib/model/startup-model.mjs";

export const DEFAULT_MODEL_DIR = "models/bge-m3";
export const TEST_MODEL_DIR = "models/bge-m3-tiny";

export interface ModelChoice {
  dir: string;
  /**
   * True when the files matched the bundled random-weight model's manifest, false for another manifest; null until
   * they are checked, and when `BGE_M3_VERIFY=0` skips the check. Never taken from the path: a copy is still the
   * test model (`identityOf` in verification.ts).
   */
  testModel: boolean | null;
  /** The repository of the manifest the files matched, e.g. `BAAI/bge-m3`; null while unchecked. */
  verifiedAs: string | null;
  /** Why the test model is used instead of the real one, or null. */
  fallbackReason: string | null;
}

/** What a directory's files are before (or without) their check. */
export const UNCHECKED = { testModel: null, verifiedAs: null } as const;

const realpath = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
};

/**
 * True when `dir` is where the bundled test model lies (`models/bge-m3-tiny`, or `BGE_M3_TEST_MODEL_DIR` in the Docker
 * image): only to pass on `npm start`'s reason for choosing it; what the files are comes from their manifest.
 */
export function isBundledTestModel(dir: string, root = process.cwd(), env: Env = process.env): boolean {
  const actual = realpath(dir);
  const bundled = [path.resolve(root, TEST_MODEL_DIR), setting("BGE_M3_TEST_MODEL_DIR", env)].filter(
    Boolean,
  ) as string[];
  return actual !== null && bundled.some((b) => realpath(b) === actual);
}

/**
 * An explicit `BGE_M3_MODEL_DIR` must exist; a missing or unfinished default directory falls back to the test model
 * with a reason. `BGE_M3_FALLBACK_REASON` (set by `npm start` when it chose the test model) is passed through.
 */
export function chooseModelDir(env: Env = process.env, root = process.cwd()): ModelChoice {
  const explicit = setting("BGE_M3_MODEL_DIR", env);
  const dir = path.resolve(root, explicit || DEFAULT_MODEL_DIR);
  const reason = env.BGE_M3_FALLBACK_REASON?.trim() || null;
  if (explicit) {
    if (modelDirState(dir) === "missing") throw new Error(`BGE_M3_MODEL_DIR=${explicit}: ${dir} does not exist`);
    return { dir, ...UNCHECKED, fallbackReason: isBundledTestModel(dir, root, env) ? reason : null };
  }
  const state = modelDirState(dir);
  if (state === "present") return { dir, ...UNCHECKED, fallbackReason: null };
  return {
    dir: path.resolve(root, TEST_MODEL_DIR),
    ...UNCHECKED,
    fallbackReason:
      reason ??
      (state === "unfinished"
        ? `${DEFAULT_MODEL_DIR} is an unfinished download; run \`npm run model:download\` to finish it.`
        : `${DEFAULT_MODEL_DIR} is missing; run \`npm run model:download\` to get the real model.`),
  };
}
