/**
 * Checks a model directory against a manifest: every file present, of the right size, with the right SHA-256.
 * The engine calls this before loading; `npm run model:verify` prints its result.
 */
import type { Stats } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { sha256File } from "./hash";
import {
  BGE_M3_TINY_MANIFEST,
  defaultManifestFor,
  type ManifestFile,
  type ModelManifest,
  manifestBytes,
  manifestLabel,
} from "./manifest";
import { etaSeconds, SpeedMeter, type TransferProgress } from "./progress";
import { readStamp, type StampEntry, stampVouchesFor, type VerificationStamp, writeStamp } from "./stamp";

/** Something wrong with one file. `unconfirmed` repeats the manifest's note when the expected value itself is uncertain. */
export type FileProblem = { path: string; unconfirmed?: string } & (
  | { kind: "missing" }
  | { kind: "wrong-size"; expected: number; actual: number }
  | { kind: "wrong-hash"; expected: string; actual: string }
);

/** How a good file was checked: hashed now, vouched for by the stamp (size + mtime unchanged), or by size alone. */
export type CheckMethod = "sha256" | "stamp" | "size-only";

export interface FilePassed {
  path: string;
  method: CheckMethod;
  stats: Stats;
  sha256?: string;
}

export type FileCheck = ({ ok: true } & FilePassed) | ({ ok: false } & FileProblem);

export interface VerifyResult {
  dir: string;
  manifest: ModelManifest;
  ok: boolean;
  /** Every missing, wrong-size or wrong-hash file, in manifest order. */
  problems: FileProblem[];
  passed: FilePassed[];
  /** Paths that passed on size alone because the manifest gives no SHA-256 for them. */
  sizeOnly: string[];
  /** Paths that were not re-hashed because the stamp vouched for them. */
  fromStamp: string[];
  stampWritten: boolean;
}

export interface VerifyOptions {
  /** Default: the manifest recorded in the directory, else the bundled one for its name, else BAAI/bge-m3's. */
  manifest?: ModelManifest;
  /** Skip hashing files whose size and mtime are unchanged since the last full verification. Default false. */
  trustStamp?: boolean;
  /**
   * Write `.verified.json` when everything matched. Default: only for models over {@link STAMP_MIN_BYTES}, so
   * small directories (like the bundled test model, which lives in git) are left untouched.
   */
  writeStamp?: boolean;
  onProgress?: (progress: TransferProgress) => void;
}

/** Below this total size hashing takes well under a second, so no stamp is written by default. */
export const STAMP_MIN_BYTES = 64 * 1024 * 1024;

/** Options for checking one file; `onBytes` receives the length of each hashed chunk. */
export interface CheckFileOptions {
  stamp?: VerificationStamp;
  trustStamp?: boolean;
  onBytes?: (n: number) => void;
}

async function statFile(file: string): Promise<Stats | undefined> {
  try {
    const stats = await stat(file);
    return stats.isFile() ? stats : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ENOTDIR") {
      return undefined;
    }
    throw err;
  }
}

/** Checks one manifest file inside `dir`. The size is compared first, so a truncated 2 GB file is not hashed. */
export async function checkModelFile(dir: string, file: ManifestFile, opts: CheckFileOptions = {}): Promise<FileCheck> {
  const note = file.unconfirmed ? { unconfirmed: file.unconfirmed } : {};
  const stats = await statFile(path.join(dir, file.path));
  if (!stats) return { ok: false, path: file.path, kind: "missing", ...note };
  if (stats.size !== file.size) {
    return { ok: false, path: file.path, kind: "wrong-size", expected: file.size, actual: stats.size, ...note };
  }
  if (!file.sha256) return { ok: true, path: file.path, method: "size-only", stats };
  if (opts.trustStamp && stampVouchesFor(opts.stamp, file, stats)) {
    return { ok: true, path: file.path, method: "stamp", stats, sha256: file.sha256 };
  }
  const actual = await sha256File(path.join(dir, file.path), opts.onBytes);
  if (actual !== file.sha256) {
    return { ok: false, path: file.path, kind: "wrong-hash", expected: file.sha256, actual, ...note };
  }
  return { ok: true, path: file.path, method: "sha256", stats, sha256: actual };
}

/** The stamp entries for files that passed. */
export function stampEntriesOf(passed: FilePassed[]): Record<string, StampEntry> {
  const entries: Record<string, StampEntry> = {};
  for (const p of passed) entries[p.path] = { size: p.stats.size, mtimeMs: p.stats.mtimeMs, sha256: p.sha256 };
  return entries;
}

/** Reports hashing progress over the whole manifest; files that need no hashing count as done when reached. */
function progressTracker(manifest: ModelManifest, onProgress?: (p: TransferProgress) => void) {
  const totalBytes = manifestBytes(manifest);
  const meter = new SpeedMeter();
  let before = 0;
  return {
    forFile(index: number, file: ManifestFile) {
      let fileBytes = 0;
      const emit = () => {
        const doneBytes = before + fileBytes;
        const bytesPerSecond = meter.sample(doneBytes);
        onProgress?.({
          phase: "verify",
          path: file.path,
          fileIndex: index + 1,
          fileCount: manifest.files.length,
          fileBytes,
          fileSize: file.size,
          doneBytes,
          totalBytes,
          bytesPerSecond,
          etaSeconds: etaSeconds(totalBytes - doneBytes, bytesPerSecond),
        });
      };
      return {
        onBytes(n: number) {
          fileBytes += n;
          emit();
        },
        finish() {
          fileBytes = file.size;
          emit();
          before += file.size;
        },
      };
    },
  };
}

/**
 * Verifies every file of the manifest in `dir`. Never throws for bad files: the result names each one.
 * When all match, writes the stamp (see `writeStamp`), so later `trustStamp` checks are instant.
 */
export async function verifyModelDir(dir: string, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const manifest = opts.manifest ?? (await defaultManifestFor(dir));
  const stamp = opts.trustStamp ? await readStamp(dir) : undefined;
  const tracker = progressTracker(manifest, opts.onProgress);
  const checks: FileCheck[] = [];
  for (const [index, file] of manifest.files.entries()) {
    const progress = tracker.forFile(index, file);
    checks.push(await checkModelFile(dir, file, { stamp, trustStamp: opts.trustStamp, onBytes: progress.onBytes }));
    progress.finish();
  }
  const problems = checks.filter((c): c is { ok: false } & FileProblem => !c.ok).map(({ ok: _, ...p }) => p);
  const passed = checks.filter((c): c is { ok: true } & FilePassed => c.ok).map(({ ok: _, ...p }) => p);
  const ok = problems.length === 0;
  const wantStamp = opts.writeStamp ?? manifestBytes(manifest) >= STAMP_MIN_BYTES;
  const stampWritten = ok && wantStamp && (await writeStamp(dir, manifest, stampEntriesOf(passed)));
  return {
    dir,
    manifest,
    ok,
    problems,
    passed,
    sizeOnly: passed.filter((p) => p.method === "size-only").map((p) => p.path),
    fromStamp: passed.filter((p) => p.method === "stamp").map((p) => p.path),
    stampWritten,
  };
}

const count = (n: number) => n.toLocaleString("en-US");

/** One clause per problem, e.g. `onnx/model.onnx_data has 1,024 bytes, expected 2,266,820,608`. */
export function describeProblem(problem: FileProblem): string {
  const caveat = problem.unconfirmed ? ` (the expected value is unconfirmed: ${problem.unconfirmed})` : "";
  switch (problem.kind) {
    case "missing":
      return `${problem.path} is missing`;
    case "wrong-size":
      return `${problem.path} has ${count(problem.actual)} bytes, expected ${count(problem.expected)}${caveat}`;
    case "wrong-hash":
      return `${problem.path} has SHA-256 ${problem.actual}, expected ${problem.expected}${caveat}`;
  }
}

/** One sentence for logs, `/api/info` and error pages: what was checked and, if it failed, every bad file. */
export function describeVerification(result: VerifyResult): string {
  const label = manifestLabel(result.manifest);
  if (result.ok) {
    const files = `${result.passed.length} files`;
    const how =
      result.fromStamp.length > 0 ? `${result.fromStamp.length} unchanged since the last full check` : "all hashed";
    const sizeOnly = result.sizeOnly.length > 0 ? `; checked by size only: ${result.sizeOnly.join(", ")}` : "";
    return `${result.dir} matches ${label} (${files}, ${how}${sizeOnly}).`;
  }
  return `${result.dir} does not match ${label}: ${result.problems.map(describeProblem).join("; ")}.`;
}

/** The command that repairs `dir`: a git checkout for the bundled test model, a (resumable) download otherwise. */
export function repairHint(dir: string, manifest: ModelManifest): string {
  const bundled = manifest.repo === BGE_M3_TINY_MANIFEST.repo && path.basename(path.resolve(dir)) === "bge-m3-tiny";
  if (bundled) return `git checkout -- ${dir}`;
  return `npm run model:download -- --dest ${dir}`;
}

/** Thrown by {@link assertModelVerified}; carries the full result. */
export class ModelVerificationError extends Error {
  constructor(readonly result: VerifyResult) {
    super(`${describeVerification(result)} To repair it: ${repairHint(result.dir, result.manifest)}`);
    this.name = "ModelVerificationError";
  }
}

/**
 * For the engine, before loading: verifies `dir` (trusting the stamp by default) and returns the result, or throws
 * {@link ModelVerificationError} naming every bad file.
 */
export async function assertModelVerified(dir: string, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const result = await verifyModelDir(dir, { trustStamp: true, ...opts });
  if (!result.ok) throw new ModelVerificationError(result);
  return result;
}
