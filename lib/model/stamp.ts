/**
 * The verification stamp (`.verified.json` in a model directory): written after every file of a manifest matched,
 * it records each file's size, mtime and SHA-256 so a later check can skip re-hashing files that have not changed.
 *
 * Trust model: a file whose size and mtime equal the stamp's is assumed unchanged. That catches truncation,
 * re-downloads and ordinary edits, not someone who rewrites bytes and then restores the mtime on purpose.
 * `npm run model:verify` (without `--fast`) always hashes everything.
 */
import type { Stats } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { type ManifestFile, type ModelManifest, STAMP_NAME } from "./manifest";

/** What the stamp remembers about one file. */
export interface StampEntry {
  size: number;
  mtimeMs: number;
  /** The SHA-256 the file had when it was hashed; absent for files checked by size only. */
  sha256?: string;
}

export interface VerificationStamp {
  version: 1;
  repo: string;
  revision: string;
  verifiedAt: string;
  files: Record<string, StampEntry>;
}

const stampSchema = z.object({
  version: z.literal(1),
  repo: z.string(),
  revision: z.string(),
  verifiedAt: z.string(),
  files: z.record(z.string(), z.object({ size: z.number(), mtimeMs: z.number(), sha256: z.string().optional() })),
});

/** The stamp in `dir`, or `undefined` when it is missing or unreadable (a bad stamp only costs a re-hash). */
export async function readStamp(dir: string): Promise<VerificationStamp | undefined> {
  try {
    const parsed = stampSchema.safeParse(JSON.parse(await readFile(path.join(dir, STAMP_NAME), "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the stamp atomically (temporary name, then rename). Returns false when the directory is not writable. */
export async function writeStamp(
  dir: string,
  manifest: ModelManifest,
  files: Record<string, StampEntry>,
): Promise<boolean> {
  const stamp: VerificationStamp = {
    version: 1,
    repo: manifest.repo,
    revision: manifest.revision,
    verifiedAt: new Date().toISOString(),
    files,
  };
  const target = path.join(dir, STAMP_NAME);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(stamp, null, 2)}\n`);
    await rename(temporary, target);
    return true;
  } catch {
    return false;
  }
}

/** True when the stamp saw this file, with the manifest's SHA-256, at exactly the size and mtime it has now. */
export function stampVouchesFor(stamp: VerificationStamp | undefined, file: ManifestFile, stats: Stats): boolean {
  const entry = stamp?.files[file.path];
  if (!entry || !file.sha256) return false;
  return entry.sha256 === file.sha256 && entry.size === stats.size && entry.mtimeMs === stats.mtimeMs;
}
