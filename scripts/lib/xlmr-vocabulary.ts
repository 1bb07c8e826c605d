/**
 * A model directory holding only tokenizer files: the real 250,002-piece XLM-R vocabulary
 * (tests/fixtures/xlmr-tokenizer) with the bundled test model's tokenizer_config.json. For tokenizer tests and timing.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";

export const XLMR_FIXTURES = path.resolve("tests/fixtures/xlmr-tokenizer");

/** A fresh temporary directory with `onnx/tokenizer.json` and `onnx/tokenizer_config.json`; the caller removes it. */
export function xlmrVocabularyDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "xlmr-tokenizer-"));
  mkdirSync(path.join(dir, "onnx"));
  const json = gunzipSync(readFileSync(path.join(XLMR_FIXTURES, "tokenizer.json.gz")));
  writeFileSync(path.join(dir, "onnx", "tokenizer.json"), json);
  copyFileSync("models/bge-m3-tiny/onnx/tokenizer_config.json", path.join(dir, "onnx", "tokenizer_config.json"));
  return dir;
}
