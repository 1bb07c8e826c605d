import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpuFlags } from "@/lib/config/machine";
import { int8ScalesOf, VNNI_FLAGS } from "@/lib/model/int8-scales";
import { TEST_MODEL_DIR } from "./helpers/goldens";
import { runTsxScript, type ScriptRun } from "./helpers/run-script";

const quantize = (...args: string[]) => runTsxScript("scripts/model-quantize.ts", args);

describe("npm run model:quantize", () => {
  let dir: string;
  let first: ScriptRun;
  const int8 = () => path.join(dir, "onnx/model_int8.onnx");

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "bge-m3-quantize-cli-"));
    cpSync(TEST_MODEL_DIR, dir, { recursive: true });
    first = await quantize("--dir", dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the int8 model, then reports what it did and the drift on its test texts", () => {
    expect(first.status).toBe(0);
    expect(existsSync(int8())).toBe(true);
    expect(first.stdout).toMatch(/12 MatMuls quantised \(2 groups fused, 12 biases folded/);
    const cosine = Number(/dense cosine to fp32: mean ([\d.]+)/.exec(first.stdout)?.[1]);
    expect(cosine).toBeGreaterThanOrEqual(0.99);
    expect(first.stdout).toMatch(/BGE_M3_VARIANT=int8/);
    expect(first.stderr).toMatch(/100%/); // the progress bar reached its end
  });

  it("leaves an up-to-date int8 model alone", async () => {
    const again = await quantize("--dir", dir);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/nothing to do/);
  });

  it("measures the drift of the existing int8 model on given pairs with --check, without deleting anything", async () => {
    const pairsFile = path.join(dir, "pairs.json");
    writeFileSync(
      pairsFile,
      JSON.stringify({
        pairs: [
          { a: "我喜欢看书", b: "I like reading" },
          { a: "cat", b: "dog" },
        ],
      }),
    );
    const check = await quantize("--dir", dir, "--check", "--pairs", pairsFile);
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/Drift from fp32 on 4 texts, 2 pairs/);
    const strict = await quantize("--dir", dir, "--check", "--min-cosine", "0.999999");
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/the int8 files are kept/);
    expect(existsSync(int8())).toBe(true);
    writeFileSync(pairsFile, JSON.stringify([["only one text"]]));
    const bad = await quantize("--dir", dir, "--check", "--pairs", pairsFile);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/expected \[\[a, b\], …\]/);
  });

  it.runIf(VNNI_FLAGS.some((f) => cpuFlags().includes(f)))(
    "on a VNNI CPU, writes column scales under another name with --out, recorded in the file, and checks that file",
    async () => {
      const column = path.join(dir, "onnx/model_int8_column.onnx");
      const run = await quantize("--dir", dir, "--scales", "column", "--out", "model_int8_column.onnx");
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/embedding tables, column scales\./);
      expect(run.stdout).toMatch(/model_int8_column\.onnx: column scales\./);
      expect(run.stdout).toMatch(/BGE_M3_VARIANT=int8 runs model_int8\.onnx: rename model_int8_column\.onnx/);
      expect(int8ScalesOf(column)).toBe("column");
      expect(int8ScalesOf(int8())).toBe("pair");
      // An up-to-date file with other scales than asked is rewritten, not left alone.
      const again = await quantize("--dir", dir, "--out", "model_int8_column.onnx");
      expect(again.stdout).not.toMatch(/nothing to do/);
      expect(int8ScalesOf(column)).toBe("pair");
    },
  );

  it("refuses to offer a variant whose drift is over the bound, and deletes its files", async () => {
    const strict = await quantize("--dir", dir, "--force", "--min-cosine", "0.999999");
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/is below 0\.999999: the int8 variant is not offered/);
    expect(existsSync(int8())).toBe(false);
    expect(existsSync(`${int8()}_data`)).toBe(false);
  });

  it("explains a missing model and bad options with exit code 2", async () => {
    const missing = await quantize("--dir", path.join(dir, "nope"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/does not exist\. Download the model first/);
    const bad = await quantize("--dir", dir, "--min-cosine", "lots");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--min-cosine must be a number/);
    const scales = await quantize("--dir", dir, "--scales", "wide");
    expect(scales.status).toBe(2);
    expect(scales.stderr).toMatch(/--scales must be pair or column, got "wide"/);
    const out = await quantize("--dir", dir, "--out", "../model.onnx");
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/--out must be a file name ending in \.onnx/);
  });
});
