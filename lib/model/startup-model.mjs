// Which model directory `npm start` (scripts/start.mjs) hands to the server, in plain JavaScript so that script
// can import it without a build step. Types: startup-model.d.mts.
import { existsSync } from "node:fs";
import path from "node:path";

/** Written by `model:download` before the first byte, and after the last one; kept in sync with lib/model/manifest.ts. */
const RECORDED_MANIFEST_NAME = ".manifest.json";
const STAMP_NAME = ".verified.json";

/**
 * "missing", "unfinished" (a download recorded its manifest there but never finished), or "present".
 * @param {string} dir
 * @returns {"missing" | "unfinished" | "present"}
 */
export function modelDirState(dir) {
  if (!existsSync(dir)) return "missing";
  const unfinished = existsSync(path.join(dir, RECORDED_MANIFEST_NAME)) && !existsSync(path.join(dir, STAMP_NAME));
  return unfinished ? "unfinished" : "present";
}

/**
 * `BGE_M3_DOWNLOAD`: true for 1/true/yes, false for 0/false/no, undefined when unset (then ask on a terminal).
 * @param {string | undefined} value
 * @returns {boolean | undefined}
 */
export function downloadWish(value) {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === "") return undefined;
  return ["1", "true", "yes"].includes(v);
}

/**
 * Decides the model directory:
 * 1. `BGE_M3_MODEL_DIR` when set (the server verifies it; nothing else happens here);
 * 2. `defaultDir` when it holds a model (a finished download, or files put there by hand);
 * 3. otherwise download into `defaultDir`, when `BGE_M3_DOWNLOAD=1` or the user says yes on a terminal;
 * 4. otherwise, or when the download fails, `testDir` with a one-sentence `fallbackReason`.
 * @param {import("./startup-model.d.mts").ChooseModelOptions} opts
 * @returns {Promise<import("./startup-model.d.mts").ModelChoice>}
 */
export async function chooseModelDir({ env, defaultDir, testDir, isTTY, ask, download, displayDir = defaultDir }) {
  if (env.BGE_M3_MODEL_DIR?.trim()) return { dir: env.BGE_M3_MODEL_DIR.trim(), source: "env" };
  const state = modelDirState(defaultDir);
  if (state === "present") return { dir: defaultDir, source: "default" };
  const what =
    state === "missing"
      ? `${displayDir} is missing`
      : `${displayDir} holds an unfinished download (run it again to resume)`;
  const wish = downloadWish(env.BGE_M3_DOWNLOAD);
  const wanted =
    wish ?? (isTTY ? await ask(`No model in ${displayDir}. Download BAAI/bge-m3 (about 2.3 GB) now? [y/N] `) : false);
  if (!wanted) {
    const why =
      wish === false
        ? "BGE_M3_DOWNLOAD is off"
        : isTTY
          ? "the download was declined"
          : "there is no terminal to ask (set BGE_M3_DOWNLOAD=1 to download at start)";
    return fallback(testDir, `${what} and ${why}; run npm run model:download to get the real model.`);
  }
  const outcome = await download(defaultDir);
  if (outcome.ok) return { dir: defaultDir, source: "download" };
  return fallback(testDir, `${what} and the download failed (${outcome.detail}); run npm run model:download to retry.`);
}

/**
 * @param {string} testDir
 * @param {string} reason
 * @returns {import("./startup-model.d.mts").ModelChoice}
 */
function fallback(testDir, reason) {
  return {
    dir: testDir,
    source: "fallback",
    fallbackReason: `The bundled random-weight test model is in use: ${reason}`,
  };
}

/**
 * The loud multi-line banner `npm start` prints when it falls back to the test model.
 * @param {string} reason
 * @param {string} testDir how to name the test model's directory
 * @returns {string}
 */
export function fallbackBanner(reason, testDir) {
  const rule = "!".repeat(100);
  return [
    rule,
    `!!  USING THE BUNDLED TEST MODEL (${testDir}): RANDOM WEIGHTS, SCORES MEAN NOTHING ABOUT LANGUAGE.`,
    `!!  ${reason}`,
    "!!  Mirror for slow or filtered networks: HF_ENDPOINT=https://hf-mirror.com npm run model:download",
    rule,
  ].join("\n");
}
