import { cp, mkdtemp, open, readFile, rm, stat, truncate, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BGE_M3_MANIFEST,
  BGE_M3_TINY_MANIFEST,
  defaultManifestFor,
  type ModelManifest,
  parseManifest,
  RECORDED_MANIFEST_NAME,
  STAMP_NAME,
} from "@/lib/model/manifest";
import { readStamp } from "@/lib/model/stamp";
import { assertModelVerified, describeVerification, ModelVerificationError, verifyModelDir } from "@/lib/model/verify";
import { runTsxScript } from "./helpers/run-script";

const TINY_DIR = path.resolve("models/bge-m3-tiny");
const DATA = "onnx/model.onnx_data";
const HEAD = "sparse_linear.pt";
const ROUND_TIME = new Date("2024-07-03T00:00:00Z");

let dir: string;

/** A writable copy of the bundled test model in a fresh temp dir, named `model` (so no name-based default applies). */
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), "bge-m3-verify-")), "model");
  await cp(TINY_DIR, dir, { recursive: true });
});

afterEach(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

/** Flips one byte in place; keeps the size. */
async function flipByte(file: string, offset: number) {
  const handle = await open(file, "r+");
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, offset);
    byte[0] = (byte[0] ?? 0) ^ 0x01;
    await handle.write(byte, 0, 1, offset);
  } finally {
    await handle.close();
  }
}

const verify = (opts: Parameters<typeof verifyModelDir>[1] = {}) =>
  verifyModelDir(dir, { manifest: BGE_M3_TINY_MANIFEST, ...opts });

describe("verifyModelDir", () => {
  it("accepts the bundled test model, hashing every file, and leaves its directory untouched", async () => {
    const result = await verifyModelDir(TINY_DIR, { manifest: BGE_M3_TINY_MANIFEST });
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.passed.map((p) => p.method)).toEqual(BGE_M3_TINY_MANIFEST.files.map(() => "sha256"));
    expect(result.stampWritten).toBe(false); // small model: no stamp written into a git-tracked directory
    await expect(stat(path.join(TINY_DIR, STAMP_NAME))).rejects.toThrow(/ENOENT/);
  });

  it("catches a flipped byte and names the file and both hashes", async () => {
    await flipByte(path.join(dir, DATA), 2_000_000);
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ path: DATA, kind: "wrong-hash" });
    const expected = BGE_M3_TINY_MANIFEST.files.find((f) => f.path === DATA)!.sha256;
    expect(describeVerification(result)).toContain(`${DATA} has SHA-256`);
    expect(describeVerification(result)).toContain(`expected ${expected}`);
  });

  it("catches a truncated file by size, and a missing one, naming each", async () => {
    await truncate(path.join(dir, DATA), 1000);
    await rm(path.join(dir, HEAD));
    const result = await verify();
    expect(result.problems).toEqual([
      { path: DATA, kind: "wrong-size", expected: 4_541_440, actual: 1000 },
      { path: HEAD, kind: "missing" },
    ]);
    expect(describeVerification(result)).toContain(`${DATA} has 1,000 bytes, expected 4,541,440`);
    expect(describeVerification(result)).toContain(`${HEAD} is missing`);
  });

  it("writes a stamp after a full verification and then trusts it while nothing changed", async () => {
    const full = await verify({ writeStamp: true });
    expect(full.stampWritten).toBe(true);
    const stamp = await readStamp(dir);
    const entry = stamp?.files[DATA];
    const stats = await stat(path.join(dir, DATA));
    expect(entry).toEqual({ size: stats.size, mtimeMs: stats.mtimeMs, sha256: full.passed[1]!.sha256 });
    expect(stamp?.revision).toBe(BGE_M3_TINY_MANIFEST.revision);

    const hashedBytes: number[] = [];
    const fast = await verify({ trustStamp: true, onProgress: (p) => hashedBytes.push(p.fileBytes) });
    expect(fast.ok).toBe(true);
    expect(fast.fromStamp).toEqual(BGE_M3_TINY_MANIFEST.files.map((f) => f.path));
    // No chunk was hashed: progress only reports whole files being passed over.
    expect(hashedBytes.every((n, i) => n === BGE_M3_TINY_MANIFEST.files[i]!.size)).toBe(true);
  });

  it("does not trust the stamp for a file whose mtime changed, and finds the flipped byte", async () => {
    const file = path.join(dir, DATA);
    await utimes(file, ROUND_TIME, ROUND_TIME); // a whole-second mtime survives being set again exactly
    await verify({ writeStamp: true });
    const before = await stat(file);
    await flipByte(file, 10);
    // Same size, same mtime: the stamp vouches for it (the documented trade-off of the fast path)...
    await utimes(file, before.atime, before.mtime);
    expect((await verify({ trustStamp: true })).ok).toBe(true);
    // ...and as soon as the mtime moves, the file is hashed again and the flip is caught.
    await utimes(file, before.atime, new Date(before.mtimeMs + 5_000));
    const result = await verify({ trustStamp: true });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ path: DATA, kind: "wrong-hash" })]);
    expect(result.fromStamp).not.toContain(DATA);
    expect(result.fromStamp).toHaveLength(BGE_M3_TINY_MANIFEST.files.length - 1);
    // A full verification ignores the stamp entirely.
    await utimes(file, before.atime, before.mtime);
    expect((await verify()).problems).toEqual([expect.objectContaining({ path: DATA, kind: "wrong-hash" })]);
  });

  it("does not trust the stamp for a file whose size changed", async () => {
    const file = path.join(dir, HEAD);
    await utimes(file, ROUND_TIME, ROUND_TIME);
    await verify({ writeStamp: true });
    const before = await stat(file);
    await writeFile(file, Buffer.concat([await readFile(file), Buffer.from([0])]));
    await utimes(file, before.atime, before.mtime);
    const result = await verify({ trustStamp: true });
    expect(result.problems).toEqual([
      { path: HEAD, kind: "wrong-size", expected: before.size, actual: before.size + 1 },
    ]);
  });

  it("reports files the manifest gives no SHA-256 for as checked by size only", async () => {
    const manifest: ModelManifest = {
      ...BGE_M3_TINY_MANIFEST,
      files: BGE_M3_TINY_MANIFEST.files.map((f) => (f.path === HEAD ? { path: f.path, size: f.size } : f)),
    };
    const result = await verify({ manifest });
    expect(result.ok).toBe(true);
    expect(result.sizeOnly).toEqual([HEAD]);
    expect(describeVerification(result)).toContain(`checked by size only: ${HEAD}`);
  });

  it("mentions the manifest's caveat when an unconfirmed expected value does not match", async () => {
    const manifest: ModelManifest = {
      ...BGE_M3_TINY_MANIFEST,
      files: [{ path: HEAD, size: 1215, sha256: "0".repeat(64), unconfirmed: "hash from a third-party manifest" }],
    };
    const result = await verify({ manifest });
    expect(describeVerification(result)).toContain("the expected value is unconfirmed: hash from a third-party");
  });

  it("assertModelVerified throws an error that names every bad file and how to repair it", async () => {
    await rm(path.join(dir, HEAD));
    const error = await assertModelVerified(dir, { manifest: BGE_M3_TINY_MANIFEST }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelVerificationError);
    expect((error as Error).message).toContain(`${HEAD} is missing`);
    expect((error as Error).message).toContain(`npm run model:download -- --dest ${dir}`);
    await expect(assertModelVerified(TINY_DIR, { manifest: BGE_M3_TINY_MANIFEST })).resolves.toMatchObject({
      ok: true,
    });
  });
});

describe("manifests", () => {
  it("pins BAAI/bge-m3 with the 11 files the engine needs and the artifact doc's sizes", () => {
    expect(BGE_M3_MANIFEST.revision).toBe("5617a9f61b028005a4858fdac845db406aefb181");
    expect(BGE_M3_MANIFEST.files.map((f) => f.path)).toEqual([
      "onnx/model.onnx",
      "onnx/model.onnx_data",
      "onnx/Constant_7_attr__value",
      "onnx/tokenizer.json",
      "onnx/tokenizer_config.json",
      "onnx/special_tokens_map.json",
      "onnx/config.json",
      "onnx/sentencepiece.bpe.model",
      "config.json",
      "colbert_linear.pt",
      "sparse_linear.pt",
    ]);
    // The doc's 12-file total minus the root tokenizer.json (17,098,108 bytes), which the engine does not use.
    expect(BGE_M3_MANIFEST.files.reduce((s, f) => s + f.size, 0)).toBe(2_308_968_775 - 17_098_108);
    // Only colbert_linear.pt has both values read on a Hub page; every other file says what is unconfirmed.
    expect(BGE_M3_MANIFEST.files.filter((f) => !f.unconfirmed).map((f) => f.path)).toEqual(["colbert_linear.pt"]);
    expect(() => parseManifest(JSON.stringify(BGE_M3_MANIFEST))).not.toThrow();
  });

  it("rejects a manifest with an escaping path, a bad hash or a duplicate, naming the field", () => {
    const base = { repo: "a/b", revision: "main" };
    const bad = (files: unknown) => () => parseManifest(JSON.stringify({ ...base, files }), "m.json");
    expect(bad([{ path: "../etc/passwd", size: 1 }])).toThrow(/m\.json is not a valid model manifest: files\.0\.path/);
    expect(bad([{ path: "/abs", size: 1 }])).toThrow(/files\.0\.path/);
    expect(bad([{ path: "x.incomplete", size: 1 }])).toThrow(/files\.0\.path/);
    expect(bad([{ path: "a", size: 1, sha256: "xyz" }])).toThrow(/files\.0\.sha256 must be 64 hex digits/);
    expect(bad([{ path: "a", size: -1 }])).toThrow(/files\.0\.size/);
    expect(
      bad([
        { path: "a", size: 1 },
        { path: "a", size: 1 },
      ]),
    ).toThrow(/files lists the same path twice/);
    expect(() => parseManifest("{", "m.json")).toThrow(/m\.json is not valid JSON/);
  });

  it("defaults to the recorded manifest, then the bundled one by directory name, then BAAI/bge-m3", async () => {
    expect(await defaultManifestFor(dir)).toBe(BGE_M3_MANIFEST);
    expect(await defaultManifestFor(TINY_DIR)).toBe(BGE_M3_TINY_MANIFEST);
    await writeFile(path.join(dir, RECORDED_MANIFEST_NAME), JSON.stringify(BGE_M3_TINY_MANIFEST));
    expect(await defaultManifestFor(dir)).toEqual(BGE_M3_TINY_MANIFEST);
  });
});

describe("npm run model:verify (scripts/model-verify.ts)", () => {
  const runVerify = (args: string[]) => runTsxScript("scripts/model-verify.ts", args);

  it("exits 0 for a good directory, using the manifest recorded in it", async () => {
    await writeFile(path.join(dir, RECORDED_MANIFEST_NAME), JSON.stringify(BGE_M3_TINY_MANIFEST));
    const run = await runVerify(["--dir", dir]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^OK: .* matches bge-m3-studio\/bge-m3-tiny@bundled \(14 files, all hashed\)/m);
  });

  it("exits 1 naming a flipped and a truncated file, with --manifest", async () => {
    const manifestFile = path.join(path.dirname(dir), "tiny.json");
    await writeFile(manifestFile, JSON.stringify(BGE_M3_TINY_MANIFEST));
    await flipByte(path.join(dir, "onnx/model.onnx"), 100);
    await truncate(path.join(dir, HEAD), 10);
    const run = await runVerify(["--dir", dir, "--manifest", manifestFile]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^WRONG HASH {2}onnx\/model\.onnx has SHA-256 /m);
    expect(run.stdout).toMatch(/^WRONG SIZE {2}sparse_linear\.pt has 10 bytes, expected 1,215/m);
    expect(run.stdout).toMatch(/^FAILED: /m);
  });

  it("exits 1 for a directory that does not exist, and 2 for an invalid manifest", async () => {
    const missing = await runVerify(["--dir", path.join(dir, "nope")]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("npm run model:download");
    const manifestFile = path.join(path.dirname(dir), "bad.json");
    await writeFile(manifestFile, JSON.stringify({ repo: "a/b", revision: "main", files: [] }));
    const invalid = await runVerify(["--dir", dir, "--manifest", manifestFile]);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain("files");
  });
});
