/**
 * One download per model directory. `<dir>/.download.lock` is created with `open(…, "wx")`, which exactly one
 * process wins, and names its holder: `{pid, hostname, startedAt, command}`.
 * - A lock whose PID no longer runs on this host is stale and is taken over. Of several processes that find the
 *   same stale lock, only the one that creates `<lock>.takeover-<hash of its text>` (also "wx") removes it, and
 *   only after reading it again: another process may have replaced it with a live lock in the meantime.
 * - A lock from another host cannot be checked, so it is respected.
 * - An unreadable lock is being written (between its "wx" and its write) unless it is older than 10 s.
 */
import { createHash } from "node:crypto";
import { type FileHandle, open, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { LOCK_NAME } from "./manifest";

/** Who holds a lock, as its file says. */
export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
  command: string;
}

const holderSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  startedAt: z.string(),
  command: z.string(),
});

/** Why the lock was not acquired: who holds it (undefined: not written yet), and whether it is stale but contended. */
export interface LockRefusal {
  lockPath: string;
  holder: LockHolder | undefined;
  stale: boolean;
}

export type LockAttempt = { acquired: true; release: () => Promise<void> } | ({ acquired: false } & LockRefusal);

/** An unreadable lock younger than this is still being written by the process that created it. */
const UNWRITTEN_GRACE_MS = 10_000;
/** While other processes remove a stale lock: how often to try again to create it, and how long to wait between. */
const ROUNDS = 20;
const ROUND_PAUSE_MS = 25;

/** A lock file as read: its text, the holder in it (undefined when unreadable) and its age. */
interface FoundLock {
  text: string;
  holder: LockHolder | undefined;
  ageMs: number;
}

/** `PID 4242 on host-a, started 2026-01-01T10:00:00.000Z (node scripts/model-download.ts --dest models/bge-m3)` */
export function describeHolder(holder: LockHolder): string {
  return `PID ${holder.pid} on ${holder.hostname}, started ${holder.startedAt} (${holder.command})`;
}

/**
 * Takes `dir`'s download lock, or says who holds it. `onTakeOver` is told of each stale lock this process removed.
 * The caller must call `release` when done, whatever happens.
 */
export async function acquireDownloadLock(
  dir: string,
  onTakeOver: (stale: LockHolder | undefined) => void,
): Promise<LockAttempt> {
  const lockPath = path.join(dir, LOCK_NAME);
  const text = JSON.stringify(currentHolder());
  let found: FoundLock | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    if (await createExclusive(lockPath, text)) return { acquired: true, release: () => releaseLock(lockPath, text) };
    found = await readLock(lockPath);
    if (!found) continue;
    if (!isStale(found)) return { acquired: false, lockPath, holder: found.holder, stale: false };
    if (await removeStale(lockPath, found)) onTakeOver(found.holder);
    else await sleep(ROUND_PAUSE_MS);
  }
  return { acquired: false, lockPath, holder: found?.holder, stale: true };
}

function currentHolder(): LockHolder {
  const command = process.argv.join(" ");
  return { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), command };
}

/** Creates `file` holding `text`; false when it already exists. */
async function createExclusive(file: string, text: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(file, "wx");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
  try {
    await handle.writeFile(text);
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  } finally {
    await handle.close();
  }
  return true;
}

/** The lock file's contents, or undefined when there is none. */
async function readLock(lockPath: string): Promise<FoundLock | undefined> {
  try {
    const [text, stats] = await Promise.all([readFile(lockPath, "utf8"), stat(lockPath)]);
    const parsed = holderSchema.safeParse(parseJson(text));
    return { text, holder: parsed.success ? parsed.data : undefined, ageMs: Date.now() - stats.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isStale({ holder, ageMs }: FoundLock): boolean {
  if (!holder) return ageMs > UNWRITTEN_GRACE_MS;
  return holder.hostname === os.hostname() && !processRuns(holder.pid);
}

/** True when a process with this PID runs on this host (EPERM: it runs, as another user). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the stale lock `found`, unless another process is removing it or the lock has changed since it was read. */
async function removeStale(lockPath: string, found: FoundLock): Promise<boolean> {
  const marker = `${lockPath}.takeover-${createHash("sha256").update(found.text).digest("hex").slice(0, 16)}`;
  if (!(await createExclusive(marker, ""))) return false;
  try {
    const again = await readLock(lockPath);
    if (!again || again.text !== found.text || !isStale(again)) return false;
    await rm(lockPath, { force: true });
    return true;
  } finally {
    await rm(marker, { force: true });
  }
}

/** Removes the lock if it is still this process's own. */
async function releaseLock(lockPath: string, text: string): Promise<void> {
  const found = await readLock(lockPath).catch(() => undefined);
  if (found?.text === text) await rm(lockPath, { force: true });
}
