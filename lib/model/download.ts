/**
 * Downloads a manifest's files from the Hub (or a mirror) into a model directory, so that no file ever sits under
 * its final name unless its size and SHA-256 match:
 * - one download per directory: a second one refuses at once, naming the first (see download-lock.ts);
 * - each file streams into `<path>.incomplete`, hashed on the way, and is renamed only once size and hash match;
 *   the renamed file is then hashed again from disk, and only that hash goes into the stamp;
 * - a partial file is resumed with `Range` when the server answers 206 with the right `Content-Range`,
 *   and started over when it answers 200;
 * - three tries per file with exponential backoff for what another try can fix (a cut or stalled connection,
 *   408, 429, 5xx); a wrong hash, an HTML page, a redirect loop, an over-long body or a full disk stop at once;
 * - files already present and verified are skipped; free disk space is checked before the first byte.
 */
import { createHash, type Hash } from "node:crypto";
import { mkdir, open, rename, rm, stat, statfs, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { acquireDownloadLock, describeHolder, type LockHolder, type LockRefusal } from "./download-lock";
import { hashFileInto, sha256File } from "./hash";
import {
  DEFAULT_ENDPOINT,
  HubNetworkError,
  HubRedirectError,
  type HubResponse,
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
  LOCK_NAME,
  type ManifestFile,
  type ModelManifest,
  RECORDED_MANIFEST_NAME,
  readRecordedManifest,
} from "./manifest";
import { etaSeconds, formatBytes, SpeedMeter, type TransferProgress } from "./progress";
import { readStamp, writeStamp } from "./stamp";
import { checkModelFile, type FilePassed, stampEntriesOf } from "./verify";

/** What went wrong, as a kind the CLI and start-up code can branch on. */
export type DownloadErrorKind = "unreachable" | "http" | "interrupted" | "integrity" | "disk-space" | "locked";

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
  | { type: "done"; path: string }
  | { type: "lock-takeover"; lockPath: string; holder: LockHolder | undefined };

/** What is done to a `.incomplete` file while it is written: the part of `FileHandle` used, so tests can fake it. */
export interface PartialFile {
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

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
  /** Opens a `.incomplete` file to write ("w") or append to ("a"). Default `fs.promises.open`; tests inject disk faults. */
  openPartial?: (file: string, flags: "w" | "a") => Promise<PartialFile>;
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
  freeBytes: (dir: string) => Promise<number>;
  openPartial: (file: string, flags: "w" | "a") => Promise<PartialFile>;
}

/** Free bytes available to an unprivileged user on the file system that holds `dir`. */
export async function statfsFreeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

/**
 * Downloads every file of the manifest that `dest` does not already hold verified, then writes the stamp.
 * Holds `dest`'s download lock throughout, and releases it on success, failure and abort.
 * Records the manifest as `dest/.manifest.json` first, so `model:verify` and a re-run know what `dest` should hold.
 * Throws {@link DownloadError} with a one-sentence message on failure; partial files are kept for the next run.
 */
export async function downloadModel(dest: string, opts: DownloadOptions = {}): Promise<DownloadReport> {
  await mkdir(dest, { recursive: true });
  const emit = opts.onEvent ?? (() => {});
  const lock = await acquireDownloadLock(dest, (holder) =>
    emit({ type: "lock-takeover", lockPath: path.join(dest, LOCK_NAME), holder }),
  );
  if (!lock.acquired) throw lockedError(dest, lock);
  try {
    return await downloadLocked(dest, opts, emit);
  } finally {
    await lock.release();
  }
}

/** The refusal of a download into a directory another one holds. */
function lockedError(dest: string, { lockPath, holder, stale }: LockRefusal): DownloadError {
  const again = "then run the same command again";
  if (!holder) {
    return new DownloadError(
      `Another download is starting in ${dest}: its lock file ${lockPath} is not written yet; wait a few seconds, ${again}.`,
      "locked",
      false,
    );
  }
  const remote =
    holder.hostname !== os.hostname() ? ` (if it no longer runs on ${holder.hostname}, delete ${lockPath})` : "";
  const message = stale
    ? `Another process is taking over the stale lock ${lockPath} of ${describeHolder(holder)}; wait a moment, ${again}.`
    : `Another download is already running into ${dest}: ${describeHolder(holder)}; wait for it to finish or stop it${remote}, ${again}.`;
  return new DownloadError(message, "locked", false);
}

async function downloadLocked(
  dest: string,
  opts: DownloadOptions,
  emit: (event: DownloadEvent) => void,
): Promise<DownloadReport> {
  const manifest = opts.manifest ?? (await readRecordedManifest(dest)) ?? BGE_M3_MANIFEST;
  await writeFile(path.join(dest, RECORDED_MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  const { present, todo } = await planDownload(dest, manifest, emit);
  const freeBytes = opts.freeBytes ?? statfsFreeBytes;
  await ensureFreeSpace(dest, todo, freeBytes);
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
    freeBytes,
    openPartial: opts.openPartial ?? open,
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
      const failure = asDownloadError(err, file, ctx);
      if (!failure.retryable || attempt >= ctx.tries) throw finalError(failure, file, attempt);
      const delayMs = ctx.backoffMs * 2 ** (attempt - 1);
      ctx.emit({ type: "retry", path: file.path, attempt: attempt + 1, delayMs, reason: failure.message });
      await sleep(delayMs, undefined, { signal: ctx.signal });
    }
  }
}

/** Turns anything thrown during a try into a {@link DownloadError}; a user abort or a disk error is not retryable. */
function asDownloadError(err: unknown, file: ManifestFile, ctx: DownloadContext): DownloadError {
  if (err instanceof DownloadError) return err;
  if (ctx.signal?.aborted) throw err;
  if (err instanceof HubNetworkError)
    return new DownloadError(err.message, "unreachable", true, file.path, { cause: err });
  if (err instanceof HubRedirectError) {
    const message = `Could not download ${file.path}: ${err.message}; ${anotherSource(ctx.endpoint)}`;
    return new DownloadError(message, "http", false, file.path, { cause: err });
  }
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
    http: `${failure.message}${tries}.`,
    interrupted: `Download of ${file.path} failed${tries}: ${failure.message}; run the same command again to resume.`,
    integrity: `${failure.message}${tries}.`,
    "disk-space": `${failure.message}.`,
    locked: failure.message,
  };
  return new DownloadError(sentence[failure.kind], failure.kind, false, file.path, { cause: failure });
}

/** Where else to get the files: a mirror when `endpoint` is the Hub, else the Hub or another mirror. */
function anotherSource(endpoint: string): string {
  return endpoint === DEFAULT_ENDPOINT
    ? "try a mirror with HF_ENDPOINT=https://hf-mirror.com"
    : `try another mirror with HF_ENDPOINT, or unset it to use ${DEFAULT_ENDPOINT}`;
}

const count = (n: number) => n.toLocaleString("en-US");
const shortHash = (sha256: string) => `${sha256.slice(0, 12)}…`;

/** A complete `.incomplete` file: the SHA-256 of the bytes as they arrived, their source, and where this try began. */
interface Arrived {
  sha256: string;
  source: string;
  resumedAt: number;
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
  const arrived =
    have === file.size
      ? { sha256: await sha256File(partial), source: hubFileUrl(ctx.endpoint, ctx.manifest, file), resumedAt: have }
      : await fetchInto(ctx, file, partial, have);
  return finishFile(ctx, file, arrived, partial, target);
}

/**
 * Checks the arrived bytes' hash, renames the partial file to its final name, and hashes it again from disk:
 * the stamp gets the hash of what is on disk. Deletes the file on either mismatch.
 */
async function finishFile(
  ctx: DownloadContext,
  file: ManifestFile,
  arrived: Arrived,
  partial: string,
  target: string,
): Promise<FilePassed> {
  if (file.sha256 && arrived.sha256 !== file.sha256) {
    await rm(partial, { force: true });
    throw hashMismatch(ctx, file, file.sha256, arrived);
  }
  await rename(partial, target);
  const stats = await stat(target);
  const onDisk = await sha256File(target);
  if (onDisk !== arrived.sha256) {
    await rm(target, { force: true });
    throw new DownloadError(
      `${target} does not hold the bytes that arrived: its SHA-256 on disk is ${shortHash(onDisk)}, the bytes received had ${shortHash(arrived.sha256)}; the file was removed; check the disk, and that nothing else writes into ${ctx.dest}`,
      "integrity",
      false,
      file.path,
    );
  }
  ctx.progress.finishFile();
  ctx.emit({ type: "done", path: file.path });
  return { path: file.path, method: file.sha256 ? "sha256" : "size-only", stats, sha256: onDisk };
}

/**
 * A wrong SHA-256. Bytes fetched whole in this try came wrong from their source, which another try would not
 * change; after a resume the old prefix may be at fault, so the file is fetched again from 0.
 */
function hashMismatch(ctx: DownloadContext, file: ManifestFile, expected: string, arrived: Arrived): DownloadError {
  const hashes = `SHA-256 ${shortHash(arrived.sha256)}, expected ${shortHash(expected)}`;
  if (arrived.resumedAt > 0) {
    return new DownloadError(
      `${file.path} has ${hashes} after resuming at byte ${count(arrived.resumedAt)}: the partial file it continued was bad and is discarded`,
      "integrity",
      true,
      file.path,
    );
  }
  const caveat = file.unconfirmed ? ` (the expected value is unconfirmed: ${file.unconfirmed})` : "";
  return new DownloadError(
    `${arrived.source} served different bytes than the manifest for ${file.path}: ${hashes}${caveat}; the file was discarded; ${anotherSource(ctx.endpoint)}`,
    "integrity",
    false,
    file.path,
  );
}

/** Requests the file from byte `have`, streams the body into `partial`, and returns the SHA-256 of the whole file. */
async function fetchInto(ctx: DownloadContext, file: ManifestFile, partial: string, have: number): Promise<Arrived> {
  const url = hubFileUrl(ctx.endpoint, ctx.manifest, file);
  ctx.emit(have > 0 ? { type: "resume", path: file.path, offset: have } : { type: "start", path: file.path, url });
  const watchdog = new StallWatchdog(ctx.stallTimeoutMs, ctx.signal);
  try {
    const transfer = await openTransfer(ctx, url, file, have, watchdog.signal);
    checkBody(ctx, transfer, file);
    if (transfer.restartReason) {
      ctx.progress.restartFile();
      ctx.emit({ type: "restart", path: file.path, reason: transfer.restartReason });
    }
    const hash = createHash("sha256");
    if (transfer.offset > 0) await hashFileInto(hash, partial, () => watchdog.kick());
    await receiveBody(ctx, transfer, file, partial, hash, watchdog);
    return { sha256: hash.digest("hex"), source: transfer.source, resumedAt: transfer.offset };
  } finally {
    watchdog.stop();
  }
}

/**
 * An open response, how messages name its source (the file's URL, and the host a redirect led to),
 * the byte its body starts at, and why a partial file is being dropped (if it is).
 */
interface Transfer {
  response: Response;
  source: string;
  offset: number;
  restartReason?: string;
}

function sourceOf(url: string, answered: HubResponse): string {
  return answered.url === url ? url : `${url} (via ${new URL(answered.url).host})`;
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
    return { response, source: sourceOf(url, first), offset: 0, restartReason };
  }
  const contentRange = response.headers.get("content-range");
  if (response.status === 206 && rangeContinuesAt(contentRange, have, file.size)) {
    return { response, source: sourceOf(url, first), offset: have };
  }
  await response.body?.cancel();
  const whole = await hubGet(url, { token: ctx.token, authOrigin, signal });
  checkStatus(whole.response, whole.url, file);
  const answer = response.status === 206 ? `206 with Content-Range "${contentRange}"` : "416";
  const restartReason = `the server answered the Range request with ${answer}`;
  return { response: whole.response, source: sourceOf(url, whole), offset: 0, restartReason };
}

/** Throws a clear error naming the file for anything but 200; 408, 429 and 5xx are retryable. */
function checkStatus(response: Response, url: string, file: ManifestFile): void {
  if (response.status === 200) return;
  void response.body?.cancel();
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  const hints: Record<number, string> = {
    401: "; the repository may be gated or private: set HF_TOKEN",
    403: "; the repository may be gated or private: set HF_TOKEN",
    404: "; check the repo, revision and path in the manifest",
  };
  const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
  throw new DownloadError(
    `Could not download ${file.path}: ${url} answered ${status}${hints[response.status] ?? ""}`,
    "http",
    retryable,
    file.path,
  );
}

/**
 * Refuses a body that cannot be the file, before a byte is written: an HTML page (a mirror's error or sign-in
 * page, unless the file is itself .html), or a whole-file answer whose `Content-Length` is not the manifest's size.
 */
function checkBody(ctx: DownloadContext, { response, source }: Transfer, file: ManifestFile): void {
  const isHtml = /^\s*text\/html\b/i.test(response.headers.get("content-type") ?? "");
  if (isHtml && !/\.html?$/i.test(file.path)) {
    void response.body?.cancel();
    throw new DownloadError(
      `Could not download ${file.path}: ${source} answered with an HTML page, not the file, so ${ctx.endpoint} is not serving this model's files (an error or sign-in page?); ${anotherSource(ctx.endpoint)}`,
      "http",
      false,
      file.path,
    );
  }
  const length = response.headers.get("content-length");
  const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
  if (response.status === 200 && length !== null && !encoded && Number(length) !== file.size) {
    void response.body?.cancel();
    throw new DownloadError(
      `${source} sent ${count(Number(length))} bytes for ${file.path}, but the manifest expects ${count(file.size)}, so the manifest, its revision or the mirror is wrong`,
      "integrity",
      false,
      file.path,
    );
  }
}

/**
 * Appends the body to `partial` (from the transfer's offset), hashing and counting each chunk; checks the length
 * at the end. More bytes than the manifest's size, or a full disk, stop the download.
 */
async function receiveBody(
  ctx: DownloadContext,
  transfer: Transfer,
  file: ManifestFile,
  partial: string,
  hash: Hash,
  watchdog: StallWatchdog,
) {
  const handle = await ctx.openPartial(partial, transfer.offset > 0 ? "a" : "w");
  let received = transfer.offset;
  try {
    const body = transfer.response.body;
    if (!body) throw new Error("the response has no body");
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      watchdog.kick();
      received += chunk.length;
      if (received > file.size) throw overLongError(ctx, transfer, file, received);
      await writeAll(handle, chunk);
      hash.update(chunk);
      ctx.progress.received(chunk.length, received);
    }
    await handle.sync();
  } catch (err) {
    if (received > file.size) await rm(partial, { force: true });
    if (isDiskFull(err)) throw await diskFullError(ctx, file, partial, err);
    throw watchdog.explain(brokenConnection(err, received, file.size));
  } finally {
    await handle.close();
  }
  if (received !== file.size) {
    throw new Error(`the connection closed after ${count(received)} of ${count(file.size)} bytes`);
  }
}

/** A write may take less than the whole chunk (near a full disk); writes the rest until all of it is on disk. */
async function writeAll(handle: PartialFile, chunk: Uint8Array): Promise<void> {
  for (let done = 0; done < chunk.length; ) done += (await handle.write(chunk, done, chunk.length - done)).bytesWritten;
}

function overLongError(ctx: DownloadContext, { source }: Transfer, file: ManifestFile, received: number) {
  return new DownloadError(
    `${source} sent more than the ${count(file.size)} bytes the manifest gives for ${file.path} (at least ${count(received)}), so it serves another file than the manifest pins; the partial file was discarded; ${anotherSource(ctx.endpoint)}`,
    "integrity",
    false,
    file.path,
  );
}

function isDiskFull(err: unknown): boolean {
  const code = networkErrorCode(err);
  return code === "ENOSPC" || code === "EDQUOT";
}

/** Names the file being written, what the download still needs and what is free; the partial file is kept. */
async function diskFullError(ctx: DownloadContext, file: ManifestFile, partial: string, err: unknown) {
  const { thisFile, later } = ctx.progress.stillToFetch();
  const free = await ctx.freeBytes(ctx.dest).then(formatBytes, () => "an unknown amount");
  const what = networkErrorCode(err) === "EDQUOT" ? "Disk quota exceeded" : "No space left on device";
  return new DownloadError(
    `${what} while writing ${partial}: the download needs ${formatBytes(thisFile + later)} more (${formatBytes(thisFile)} for ${file.path}, ${formatBytes(later)} for the files after it) and ${free} is free in ${ctx.dest}; free some space and run the same command again to resume`,
    "disk-space",
    false,
    file.path,
    { cause: err },
  );
}

/** Rewords undici's bare "terminated" (the connection dropped mid-body) into how far the file got. */
function brokenConnection(err: unknown, received: number, size: number): unknown {
  if (!(err instanceof Error) || err.message !== "terminated") return err;
  const code = networkErrorCode(err);
  return new Error(`the connection broke after ${count(received)} of ${count(size)} bytes${code ? ` (${code})` : ""}`, {
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

  /** Bytes not received yet: of the current file, and of the files after it. */
  stillToFetch() {
    const size = this.file?.size ?? 0;
    return { thisFile: size - this.fileBytes, later: this.totalBytes - this.doneBefore - size };
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
