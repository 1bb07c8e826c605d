/**
 * What a model directory must contain: one pinned repository revision and, per file, its byte size and SHA-256.
 *
 * The built-in {@link BGE_M3_MANIFEST} is BAAI/bge-m3 at the revision the app is built for, with the values from
 * `bge-m3-artifacts.md` (shared docs). Where that document marks a value unconfirmed, the file carries an
 * `unconfirmed` note. A file without `sha256` is checked by size only, and every report says so.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import tinyManifestJson from "./manifests/bge-m3-tiny.json";

/** One file of a model, relative to the model directory, with the values it must have. */
export interface ManifestFile {
  /** POSIX path inside the repository and the model directory, e.g. `onnx/model.onnx`. */
  path: string;
  /** Exact size in bytes. */
  size: number;
  /** Lower-case hex SHA-256 of the whole file. Absent: the file can only be checked by size. */
  sha256?: string;
  /** What is unconfirmed about `size` or `sha256` (from the artifacts doc); absent when both were read on the Hub. */
  unconfirmed?: string;
}

/** A Hugging Face repository pinned to one revision, and the files the engine needs from it. */
export interface ModelManifest {
  /** `owner/name` on the Hub, e.g. `BAAI/bge-m3`. */
  repo: string;
  /** Commit SHA (preferred), branch or tag; it goes into the `resolve/{revision}/` URL as is. */
  revision: string;
  /** What is unconfirmed about the revision itself, if anything. */
  unconfirmed?: string;
  files: ManifestFile[];
}

/** File names the app writes into a model directory itself; a manifest may not claim them. */
export const RECORDED_MANIFEST_NAME = ".manifest.json";
export const STAMP_NAME = ".verified.json";
export const INCOMPLETE_SUFFIX = ".incomplete";
/** The lock of the download writing into the directory (download-lock.ts); names that start with it are its too. */
export const LOCK_NAME = ".download.lock";

/** True for a relative POSIX path that stays inside its directory and does not collide with the app's own files. */
function isSafeRelativePath(p: string): boolean {
  if (p.startsWith("/") || p.includes("\\") || p.includes("\0")) return false;
  const parts = p.split("/");
  if (parts.some((part) => part === "" || part === "." || part === "..")) return false;
  if (p === RECORDED_MANIFEST_NAME || p === STAMP_NAME || p.startsWith(LOCK_NAME)) return false;
  return !p.endsWith(INCOMPLETE_SUFFIX);
}

const manifestFileSchema = z.object({
  path: z
    .string()
    .min(1)
    .refine(isSafeRelativePath, {
      message: `must be a relative path inside the model directory (no "..", no leading "/", not ending in ${INCOMPLETE_SUFFIX})`,
    }),
  size: z.number().int().nonnegative(),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { message: "must be 64 hex digits" })
    .transform((s) => s.toLowerCase())
    .optional(),
  unconfirmed: z.string().optional(),
});

/** Schema of a `--manifest FILE`: `{"repo", "revision", "files": [{"path", "size", "sha256"}]}`. */
export const modelManifestSchema = z
  .object({
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, { message: 'must look like "owner/name"' }),
    revision: z.string().min(1),
    unconfirmed: z.string().optional(),
    files: z.array(manifestFileSchema).min(1),
  })
  .refine((m) => new Set(m.files.map((f) => f.path)).size === m.files.length, {
    message: "lists the same path twice",
    path: ["files"],
  });

/** Parses manifest JSON text, throwing one readable error that names the source and each bad field. */
export function parseManifest(text: string, source = "manifest"): ModelManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = modelManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`);
    throw new Error(`${source} is not a valid model manifest: ${issues.join("; ")}`);
  }
  return parsed.data;
}

/** Reads and validates a manifest file. */
export async function readManifestFile(file: string): Promise<ModelManifest> {
  return parseManifest(await readFile(file, "utf8"), file);
}

/** Sum of the sizes of the given files (default: all of them). */
export function manifestBytes(manifest: ModelManifest, files = manifest.files): number {
  return files.reduce((sum, f) => sum + f.size, 0);
}

/** `repo@revision` with the revision shortened to 8 characters when it is a commit SHA. */
export function manifestLabel(manifest: ModelManifest): string {
  const rev = /^[0-9a-f]{40}$/.test(manifest.revision) ? manifest.revision.slice(0, 8) : manifest.revision;
  return `${manifest.repo}@${rev}`;
}

const GH_SIZE = "exact byte size from third-party GitHub manifests, consistent with the Hub's LFS pointer length";
const GH_SHA = "SHA-256 from third-party GitHub manifests only (no Hub page shows it for this non-LFS file)";

/**
 * BAAI/bge-m3 at `5617a9f6…`: the ONNX encoder with its two external-data files, the ONNX tokenizer and config
 * files, the root config, and the ColBERT and sparse heads (2,291,870,667 bytes in all).
 * Source: `bge-m3-artifacts.md` section 2; the `unconfirmed` notes repeat its evidence column.
 */
export const BGE_M3_MANIFEST: ModelManifest = {
  repo: "BAAI/bge-m3",
  revision: "5617a9f61b028005a4858fdac845db406aefb181",
  unconfirmed:
    "that this commit is the current main is inferred from HF cache paths and third-party manifests, not read on the Hub",
  files: [
    {
      path: "onnx/model.onnx",
      size: 724_923,
      sha256: "f84251230831afb359ab26d9fd37d5936d4d9bb5d1d5410e66442f630f24435b",
      unconfirmed: GH_SIZE,
    },
    {
      path: "onnx/model.onnx_data",
      size: 2_266_820_608,
      sha256: "1eebfb28493f67bba03ce0ef64bfdc7fc5a3bd9d7493f818bb1d78cd798416b4",
      unconfirmed: GH_SIZE,
    },
    {
      path: "onnx/Constant_7_attr__value",
      size: 65_552,
      sha256: "cdf16f72c5d07b36484056e601ed9687f78477e5d85cee85a34f2406b7fb5906",
      unconfirmed: `exact size and SHA-256 from third-party GitHub manifests only; the Hub shows just "65.6 kB"`,
    },
    {
      path: "onnx/tokenizer.json",
      size: 17_082_821,
      sha256: "6710678b12670bc442b99edc952c4d996ae309a7020c1fa0096dd245c2faf790",
      unconfirmed: GH_SIZE,
    },
    {
      path: "onnx/tokenizer_config.json",
      size: 1_173,
      sha256: "7e4c1cc848840aeccdd763458c18dd525eb0f795c992e00ebe9c28554e7db2d4",
      unconfirmed: `exact size and SHA-256 from third-party GitHub manifests only; the Hub shows just "1.17 kB"`,
    },
    {
      path: "onnx/special_tokens_map.json",
      size: 964,
      sha256: "8c785abebea9ae3257b61681b4e6fd8365ceafde980c21970d001e834cf10835",
      unconfirmed: GH_SHA,
    },
    {
      path: "onnx/config.json",
      size: 698,
      sha256: "f24afd5de914fba8c668426c43d208a1a54022500c63b2c160be20891686fce8",
      unconfirmed: GH_SHA,
    },
    {
      path: "onnx/sentencepiece.bpe.model",
      size: 5_069_051,
      sha256: "cfc8146abe2a0488e9e2a0c56de7952f7c11ab059eca145a0a727afce0db2865",
      unconfirmed:
        "SHA-256 and exact size read from other Hub repos holding the same file, not from BAAI/bge-m3's page",
    },
    {
      path: "config.json",
      size: 687,
      sha256: "26159e7ad065073448460117eb24b7a4572f6f4e78eadff65dc0a11c052449fa",
      unconfirmed: `${GH_SHA}; the size "687 Bytes" is from a tree page of a history copy`,
    },
    {
      path: "colbert_linear.pt",
      size: 2_100_674,
      sha256: "19bfbae397c2b7524158c919d0e9b19393c5639d098f0a66932c91ed8f5f9abb",
    },
    {
      path: "sparse_linear.pt",
      size: 3_516,
      sha256: "45c93804d2142b8f6d7ec6914ae23a1eee9c6a1d27d83d908a20d2afb3595ad9",
      unconfirmed: GH_SIZE,
    },
  ],
};

/** The bundled random-weight test model (`models/bge-m3-tiny`); sizes and hashes measured from the committed files. */
export const BGE_M3_TINY_MANIFEST: ModelManifest = parseManifest(
  JSON.stringify(tinyManifestJson),
  "lib/model/manifests/bge-m3-tiny.json",
);

/** Directory base names that identify a bundled model, and the manifest each one must match. */
const BUNDLED_MANIFESTS: Readonly<Record<string, ModelManifest>> = { "bge-m3-tiny": BGE_M3_TINY_MANIFEST };

/** The manifest a download recorded in `dir`, or `undefined` when there is none. Throws if it exists but is invalid. */
export async function readRecordedManifest(dir: string): Promise<ModelManifest | undefined> {
  const file = path.join(dir, RECORDED_MANIFEST_NAME);
  try {
    return parseManifest(await readFile(file, "utf8"), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/**
 * The manifest `dir` should be checked against: the one a download recorded there, else the bundled test model's
 * when the directory is named `bge-m3-tiny`, else the built-in BAAI/bge-m3 one.
 */
export async function defaultManifestFor(dir: string): Promise<ModelManifest> {
  const recorded = await readRecordedManifest(dir);
  if (recorded) return recorded;
  return BUNDLED_MANIFESTS[path.basename(path.resolve(dir))] ?? BGE_M3_MANIFEST;
}
