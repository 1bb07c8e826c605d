import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chooseModelDir, isBundledTestModel } from "@/lib/engine/model-dir";
import { checkModelFiles, identityOf, verificationWanted } from "@/lib/engine/verification";

/** A scratch copy of the bundled test model, named like it so its bundled manifest applies. */
function scratchModel(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "bge-m3-verify-")), "bge-m3-tiny");
  cpSync("models/bge-m3-tiny", dir, { recursive: true });
  return dir;
}

describe("verification before loading", () => {
  it("passes the bundled test model and says what it checked", async () => {
    const { verification, result } = await checkModelFiles(path.resolve("models/bge-m3-tiny"), {});
    expect(verification.status).toBe("verified");
    expect(verification.detail).toMatch(/matches/);
    expect(result?.manifest.revision).toBe("bundled");
    expect(identityOf(result)).toEqual({ testModel: true, verifiedAs: "bge-m3-studio/bge-m3-tiny" });
  });

  it("fails a model with a flipped byte and names the file and the repair", async () => {
    const dir = scratchModel();
    const file = path.join(dir, "sparse_linear.pt");
    const bytes = readFileSync(file);
    bytes[bytes.length - 30]! ^= 0xff;
    writeFileSync(file, bytes);
    const { verification } = await checkModelFiles(dir, {});
    expect(verification.status).toBe("failed");
    expect(verification.detail).toMatch(/sparse_linear\.pt/);
    expect(verification.detail).toMatch(/To repair it/);
  });

  it("is skipped, and says so, with BGE_M3_VERIFY=0", async () => {
    const { verification, result } = await checkModelFiles(scratchModel(), { BGE_M3_VERIFY: "0" });
    expect(result).toBeNull();
    expect(identityOf(result)).toEqual({ testModel: null, verifiedAs: null });
    expect(verification).toMatchObject({ status: "not_checked", detail: expect.stringMatching(/BGE_M3_VERIFY=0/) });
    expect(verificationWanted({ BGE_M3_VERIFY: "off" })).toBe(false);
    expect(verificationWanted({})).toBe(true);
  });
});

describe("which model directory", () => {
  it("falls back to the test model's directory when the default one is missing; what it is waits for the check", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "bge-m3-root-"));
    cpSync("models/bge-m3-tiny", path.join(root, "models/bge-m3-tiny"), { recursive: true });
    const choice = chooseModelDir({}, root);
    expect(choice).toMatchObject({ testModel: null, verifiedAs: null });
    expect(choice.dir).toBe(path.join(root, "models/bge-m3-tiny"));
    expect(choice.fallbackReason).toMatch(/models\/bge-m3 is missing.*model:download/);
  });

  it("uses an explicit BGE_M3_MODEL_DIR and refuses one that does not exist", () => {
    expect(chooseModelDir({ BGE_M3_MODEL_DIR: "models/bge-m3-tiny" }).dir).toBe(path.resolve("models/bge-m3-tiny"));
    expect(() => chooseModelDir({ BGE_M3_MODEL_DIR: "models/nope" })).toThrow(/does not exist/);
  });

  it("recognises the test model's directory by BGE_M3_TEST_MODEL_DIR too (the Docker image's copy)", () => {
    const dir = scratchModel();
    expect(isBundledTestModel(dir, process.cwd(), {})).toBe(false);
    expect(isBundledTestModel(dir, process.cwd(), { BGE_M3_TEST_MODEL_DIR: dir })).toBe(true);
  });
});
