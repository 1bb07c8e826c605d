/**
 * Downloads a manifest's files from the Hub (or a mirror) into a model directory, so that no file ever sits under
 * its final name unless its size and SHA-256 match:
 * - each file streams into `<path>.incomplete`, hashed on the way, and is renamed only once size and hash match;
 * - a partial file is resumed with `Range` when the server answers 206 with the right `Content-Range`,
 *   and started over when it answers 200;
 * - three tries per file with exponential backoff; a stalled connection counts as a failed try;
 * - files already present and verified are skipped; free disk space is checked before the first byte.
 */
import { createHash, type Hash } from "node:crypto";
import { mkdir, open, rename, rm, stat, statfs, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { hashFileInto, sha256File } from "./hash";
import {
  HubNetworkError,
  hubEndpoint,
  hubFileUrl,
  hubGet,
  hubToken,
  networkErrorCode,
  rangeContinuesAt,
} from "./hub-request";
import {
  BGE_M3_MANIFEST,
  INCOMPLETE_SUFFIX,
  type ManifestFile,
  type ModelManifest,
  RECORDED_MANIFEST_NAME,
  readRecordedManifest,
} from "./manifest";
import { etaSeconds, formatBytes, SpeedMeter, type TransferProgress } from "./progress";
import { readStamp, writeStamp } from "./stamp";
import { checkModelFile, type FilePassed, stampEntriesOf } from "./verify";

/** What went wrong, as a kind the CLI and start-up code can branch on. */
export type DownloadErrorKind = "unreachable" | "http" | "interrupted" | "integrity" | "disk-space";

/** A download failure whose message is one sentence a user can act on. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly kind: DownloadErrorKind,
    readonly retryable: boolean,
    readonly path?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DownloadError";
  }
}

/** Notable steps, for logs; progress numbers go to `onProgress` instead. */
export type DownloadEvent =
  | { type: "skip"; path: string; how: "sha256" | "stamp" | "size-only" }
  | { type: "discard"; path: string; reason: string }
  | { type: "start"; path: string; url: string }
  | { type: "resume"; path: string; offset: number }
  | { type: "restart"; path: string; reason: string }
  | { type: "retry"; path: string; attempt: number; delayMs: number; reason: string }
  | { type: "done"; path: string };

export interface DownloadOptions {
  /** Default: the manifest recorded in `dest` by an earlier download, else BAAI/bge-m3's built-in one. */
  manifest?: ModelManifest;
  /** Default: `HF_ENDPOINT`, else https://huggingface.co. */
  endpoint?: string;
  /** Bearer token, sent only to the endpoint's origin. Default: `HF_TOKEN` when the endpoint is huggingface.co. */
  token?: string;
  /** Tries per file. Default 3. */
  tries?: number;
  /** Delay before the second try; doubles for each later one. Default 1000 ms. */
  backoffMs?: number;
  /** A try fails when no byte arrives for this long. Default 60 s. */
  stallTimeoutMs?: number;
  /** Free bytes on the file system holding `dir`. Default: `fs.statfs`. */
  freeBytes?: (dir: string) => Promise<number>;
  onProgress?: (progress: TransferProgress) => void;
  onEvent?: (event: DownloadEvent) => void;
  signal?: AbortSignal;
}

export interface DownloadReport {
  dest: string;
  manifest: ModelManifest;
  /** Paths fetched now, and paths that were already present and verified. */
  downloaded: string[];
  skipped: string[];
  /** Bytes received over the network (a resumed prefix is not counted). */
  bytesReceived: number;
  stampWritten: boolean;
}

/** Settings shared by every file of one download. */
interface DownloadContext {
  dest: string;
  manifest: ModelManifest;
  endpoint: string;
  token: string | undefined;
  tries: number;
  backoffMs: number;
  stallTimeoutMs: number;
  progress: ProgressTracker;
  emit: (event: DownloadEvent) => void;
  signal: AbortSignal | undefined;
}

/** Free bytes available to an unprivileged user on the file system that holds `dir`. */
export async function statfsFreeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

/**
 * Downloads every file of the manifest that `dest` does not already hold verified, then writes the stamp.
 * Records the manifest as `dest/.manifest.json` first, so `model:verify` and a re-run know what `dest` should hold.
 * Throws {@link DownloadError} with a one-sentence message on failure; partial files are kept for the next run.
 */
export async function downloadModel(dest: string, opts: DownloadOptions = {}): Promise<DownloadReport> {
  await mkdir(dest, { recursive: true });
  const manifest = opts.manifest ?? (await readRecordedManifest(dest)) ?? BGE_M3_MANIFEST;
  await writeFile(path.join(dest, RECORDED_MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  const emit = opts.onEvent ?? (() => {});
  const { present, todo } = await planDownload(dest, manifest, emit);
  await ensureFreeSpace(dest, todo, opts.freeBytes ?? statfsFreeBytes);
  const endpoint = (opts.endpoint ?? hubEndpoint()).replace(/\/+$/, "");
  const ctx: DownloadContext = {
    dest,
    manifest,
    endpoint,
    token: opts.token ?? hubToken(endpoint),
    tries: opts.tries ?? 3,
    backoffMs: opts.backoffMs ?? 1000,
    stallTimeoutMs: opts.stallTimeoutMs ?? 60_000,
    progress: new ProgressTracker(todo, opts.onProgress),
    emit,
    signal: opts.signal,
  };
  const fetched: FilePassed[] = [];
  for (const [index, file] of todo.entries()) fetched.push(await downloadFileWithRetries(ctx, file, index));
  const stampWritten = await writeStamp(dest, manifest, stampEntriesOf([...present, ...fetched]));
  return {
    dest,
    manifest,
    downloaded: fetched.map((f) => f.path),
    skipped: present.map((f) => f.path),
    bytesReceived: ctx.progress.networkBytes,
    stampWritten,
  };
}

/** Splits the manifest into files already verified in `dest` and files to fetch; removes wrong final-name files. */
async function planDownload(dest: string, manifest: ModelManifest, emit: (e: DownloadEvent) => void) {
  const stamp = await readStamp(dest);
  const present: FilePassed[] = [];
  const todo: ManifestFile[] = [];
  for (const file of manifest.files) {
    const check = await checkModelFile(dest, file, { stamp, trustStamp: true });
    if (check.ok) {
      present.push(check);
      emit({ type: "skip", path: file.path, how: check.method });
      continue;
    }
    if (check.kind !== "missing") {
      await rm(path.join(dest, file.path), { force: true });
      emit({ type: "discard", path: file.path, reason: check.kind });
    }
    todo.push(file);
  }
  return { present, todo };
}

async function partialSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** Fails with a disk-space error when the bytes still to fetch exceed the free space (partial files count as fetched). */
async function ensureFreeSpace(dest: string, todo: ManifestFile[], freeBytes: (dir: string) => Promise<number>) {
  let needed = 0;
  for (const file of todo) {
    const have = await partialSize(path.join(dest, file.path + INCOMPLETE_SUFFIX));
    needed += have <= file.size ? file.size - have : file.size;
  }
  const free = await freeBytes(dest);
  if (needed > free) {
    throw new DownloadError(
      `Not enough free disk space in ${dest}: the download needs ${formatBytes(needed)} more and ${formatBytes(free)} is free.`,
      "disk-space",
      false,
    );
  }
}

/** Up to `ctx.tries` attempts with exponential backoff; only retryable failures are retried. */
async function downloadFileWithRetries(ctx: DownloadContext, file: ManifestFile, index: number): Promise<FilePassed> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptDownload(ctx, file, index);
    } catch (err) {
      const failure = asDownloadError(err, file, ctx.signal);
      if (!failure.retryable || attempt >= ctx.tries) throw finalError(failure, file, attempt);
      const delayMs = ctx.backoffMs * 2 ** (attempt - 1);
      ctx.emit({ type: "retry", path: file.path, attempt: attempt + 1, delayMs, reason: failure.message });
      await sleep(delayMs, undefined, { signal: ctx.signal });
    }
  }
}

/** Turns anything thrown during a try into a {@link DownloadError}; a user abort or a disk error is not retryable. */
function asDownloadError(err: unknown, file: ManifestFile, signal: AbortSignal | undefined): DownloadError {
  if (err instanceof DownloadError) return err;
  if (signal?.aborted) throw err;
  if (err instanceof HubNetworkError)
    return new DownloadError(err.message, "unreachable", true, file.path, { cause: err });
  const code = networkErrorCode(err);
  if (code && /^E(NOSPC|ACCES|PERM|ROFS|DQUOT|ISDIR|NOTDIR)$/.test(code)) throw err;
  const message = (err as Error)?.message ?? String(err);
  return new DownloadError(message, "interrupted", true, file.path, { cause: err });
}

/** The sentence shown after the last try. */
function finalError(failure: DownloadError, file: ManifestFile, attempts: number): DownloadError {
  const tries = attempts === 1 ? "" : ` (${attempts} tries)`;
  const sentence: Record<DownloadErrorKind, string> = {
    unreachable: `Network unreachable: ${failure.message} while fetching ${file.path}${tries}; check the connection, or use a mirror with HF_ENDPOINT=https://hf-mirror.com.`,
    http: failure.message,
    interrupted: `Download of ${file.path} failed${tries}: ${failure.message}; run the same command again to resume.`,
    integrity: `${failure.message}${tries}.`,
    "disk-space": failure.message,
  };
  return new DownloadError(sentence[failure.kind], failure.kind, false, file.path, { cause: failure });
}

/** One try: fetch from where the partial file ends (or from 0), hash on the way, check, rename. */
async function attemptDownload(ctx: DownloadContext, file: ManifestFile, index: number): Promise<FilePassed> {
  const target = path.join(ctx.dest, file.path);
  const partial = target + INCOMPLETE_SUFFIX;
  await mkdir(path.dirname(target), { recursive: true });
  let have = await partialSize(partial);
  if (have > file.size) {
    await rm(partial, { force: true });
    have = 0;
  }
  ctx.progress.startFile(index, file, have);
  const sha256 = have === file.size ? await sha256File(partial) : await fetchInto(ctx, file, partial, have);
  return finishFile(ctx, file, sha256, partial, target);
}

/** Checks the complete partial file's hash and renames it to its final name; deletes it on a mismatch. */
async function finishFile(
  ctx: DownloadContext,
  file: ManifestFile,
  sha256: string,
  partial: string,
  target: string,
): Promise<FilePassed> {
  if (file.sha256 && sha256 !== file.sha256) {
    await rm(partial, { force: true });
    const caveat = file.unconfirmed ? ` (the expected value is unconfirmed: ${file.unconfirmed})` : "";
    throw new DownloadError(
      `${file.path} arrived with SHA-256 ${sha256}, expected ${file.sha256}${caveat}; the file was discarded`,
      "integrity",
      true,
      file.path,
    );
  }
  await rename(partial, target);
  ctx.progress.finishFile();
  ctx.emit({ type: "done", path: file.path });
  return { path: file.path, method: file.sha256 ? "sha256" : "size-only", stats: await stat(target), sha256 };
}

/** Requests the file from byte `have`, streams the body into `partial`, and returns the SHA-256 of the whole file. */
async function fetchInto(ctx: DownloadContext, file: ManifestFile, partial: string, have: number): Promise<string> {
  const url = hubFileUrl(ctx.endpoint, ctx.manifest, file);
  ctx.emit(have > 0 ? { type: "resume", path: file.path, offset: have } : { type: "start", path: file.path, url });
  const watchdog = new StallWatchdog(ctx.stallTimeoutMs, ctx.signal);
  try {
    const { response, offset, restartReason } = await openTransfer(ctx, url, file, have, watchdog.signal);
    if (restartReason) {
      ctx.progress.restartFile();
      ctx.emit({ type: "restart", path: file.path, reason: restartReason });
    }
    const hash = createHash("sha256");
    if (offset > 0) await hashFileInto(hash, partial, () => watchdog.kick());
    await receiveBody(ctx, response, file, partial, hash, offset, watchdog);
    return hash.digest("hex");
  } finally {
    watchdog.stop();
  }
}

/** An open response, the byte its body starts at, and why a partial file is being dropped (if it is). */
interface Transfer {
  response: Response;
  offset: number;
  restartReason?: string;
}

/**
 * GETs the file, asking for bytes from `have` on. The body starts at `have` for a 206 whose `Content-Range`
 * continues exactly there, and at 0 for a 200 (the file starts over). After a 206 with a wrong range or a 416,
 * the file is requested again whole.
 */
async function openTransfer(
  ctx: DownloadContext,
  url: string,
  file: ManifestFile,
  have: number,
  signal: AbortSignal,
): Promise<Transfer> {
  const authOrigin = new URL(ctx.endpoint).origin;
  const first = await hubGet(url, { token: ctx.token, authOrigin, offset: have, signal });
  const { response } = first;
  if (have === 0 || (response.status !== 206 && response.status !== 416)) {
    checkStatus(response, first.url, file);
    const restartReason = have > 0 ? "the server ignored the Range request and sent the whole file" : undefined;
    return { response, offset: 0, restartReason };
  }
  const contentRange = response.headers.get("content-range");
  if (response.status === 206 && rangeContinuesAt(contentRange, have, file.size)) return { response, offset: have };
  await response.body?.cancel();
  const whole = await hubGet(url, { token: ctx.token, authOrigin, signal });
  checkStatus(whole.response, whole.url, file);
  const answer = response.status === 206 ? `206 with Content-Range "${contentRange}"` : "416";
  return { response: whole.response, offset: 0, restartReason: `the server answered the Range request with ${answer}` };
}

/** Throws a clear error naming the file for anything but 200; 408, 429 and 5xx are retryable. */
function checkStatus(response: Response, url: string, file: ManifestFile): void {
  if (response.status === 200) {
    const length = response.headers.get("content-length");
    const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
    if (length !== null && !encoded && Number(length) !== file.size) {
      void response.body?.cancel();
      throw new DownloadError(
        `${url} sent ${Number(length).toLocaleString("en-US")} bytes for ${file.path}, but the manifest expects ${file.size.toLocaleString("en-US")}: wrong manifest, revision or mirror?`,
        "integrity",
        false,
        file.path,
      );
    }
    return;
  }
  void response.body?.cancel();
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  const hints: Record<number, string> = {
    401: "; the repository may be gated or private: set HF_TOKEN",
    403: "; the repository may be gated or private: set HF_TOKEN",
    404: "; check the repo, revision and path in the manifest",
  };
  const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
  throw new DownloadError(
    `Could not download ${file.path}: ${url} answered ${status}${hints[response.status] ?? ""}.`,
    "http",
    retryable,
    file.path,
  );
}

/** Appends the body to `partial` (from `offset`), hashing and counting each chunk; checks the length at the end. */
async function receiveBody(
  ctx: DownloadContext,
  response: Response,
  file: ManifestFile,
  partial: string,
  hash: Hash,
  offset: number,
  watchdog: StallWatchdog,
) {
  const handle = await open(partial, offset > 0 ? "a" : "w");
  let received = offset;
  try {
    if (!response.body) throw new Error("the response has no body");
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      watchdog.kick();
      received += chunk.length;
      if (received > file.size) throw new Error(`the server sent more than the expected ${file.size} bytes`);
      await handle.write(chunk);
      hash.update(chunk);
      ctx.progress.received(chunk.length, received);
    }
    await handle.sync();
  } catch (err) {
    if (received > file.size) await rm(partial, { force: true });
    throw watchdog.explain(brokenConnection(err, received, file.size));
  } finally {
    await handle.close();
  }
  if (received !== file.size) {
    throw new Error(
      `the connection closed after ${received.toLocaleString("en-US")} of ${file.size.toLocaleString("en-US")} bytes`,
    );
  }
}

/** Rewords undici's bare "terminated" (the connection dropped mid-body) into how far the file got. */
function brokenConnection(err: unknown, received: number, size: number): unknown {
  if (!(err instanceof Error) || err.message !== "terminated") return err;
  const code = networkErrorCode(err);
  const n = (x: number) => x.toLocaleString("en-US");
  return new Error(`the connection broke after ${n(received)} of ${n(size)} bytes${code ? ` (${code})` : ""}`, {
    cause: err,
  });
}

/** Aborts a try when no byte has arrived for `timeoutMs`; also follows the caller's abort signal. */
class StallWatchdog {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  readonly signal: AbortSignal;

  constructor(
    private readonly timeoutMs: number,
    parent: AbortSignal | undefined,
  ) {
    this.signal = parent ? AbortSignal.any([parent, this.controller.signal]) : this.controller.signal;
    this.kick();
  }

  kick() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(new Error(this.stallMessage())), this.timeoutMs);
  }

  stop() {
    clearTimeout(this.timer);
  }

  /** The stall message instead of a bare abort error, when the watchdog fired. */
  explain(err: unknown): unknown {
    return this.controller.signal.aborted ? this.controller.signal.reason : err;
  }

  private stallMessage() {
    return `no data arrived for ${Math.round(this.timeoutMs / 1000)} s`;
  }
}

/** Turns per-chunk byte counts into {@link TransferProgress} over all files still to fetch. */
class ProgressTracker {
  networkBytes = 0;
  private readonly meter = new SpeedMeter();
  private readonly totalBytes: number;
  private doneBefore = 0;
  private file: ManifestFile | undefined;
  private fileIndex = 0;
  private fileBytes = 0;

  constructor(
    private readonly files: ManifestFile[],
    private readonly onProgress?: (p: TransferProgress) => void,
  ) {
    this.totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  }

  startFile(index: number, file: ManifestFile, have: number) {
    this.file = file;
    this.fileIndex = index;
    this.fileBytes = have;
    this.emit();
  }

  restartFile() {
    this.fileBytes = 0;
    this.emit();
  }

  received(n: number, fileBytes: number) {
    this.networkBytes += n;
    this.fileBytes = fileBytes;
    this.emit();
  }

  finishFile() {
    this.fileBytes = this.file?.size ?? 0;
    this.emit();
    this.doneBefore += this.fileBytes;
    this.fileBytes = 0;
  }

  private emit() {
    if (!this.file || !this.onProgress) return;
    const doneBytes = this.doneBefore + this.fileBytes;
    const bytesPerSecond = this.meter.sample(this.networkBytes);
    this.onProgress({
      phase: "download",
      path: this.file.path,
      fileIndex: this.fileIndex + 1,
      fileCount: this.files.length,
      fileBytes: this.fileBytes,
      fileSize: this.file.size,
      doneBytes,
      totalBytes: this.totalBytes,
      bytesPerSecond,
      etaSeconds: etaSeconds(this.totalBytes - doneBytes, bytesPerSecond),
    });
  }
}
