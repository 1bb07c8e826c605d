import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DownloadError, type DownloadEvent, downloadModel } from "@/lib/model/download";
import type { LockHolder } from "@/lib/model/download-lock";
import { LOCK_NAME, type ModelManifest, parseManifest } from "@/lib/model/manifest";
import { verifyModelDir } from "@/lib/model/verify";
import { DATA, MANIFEST, sameBytes, subset, TINY_DIR } from "./helpers/download-fixture";
import { type FakeHub, startFakeHub } from "./helpers/fake-hub";
import { runTsxScript } from "./helpers/run-script";

let hub: FakeHub;
let dest: string;
let lockPath: string;
let events: DownloadEvent[];

/** Two files, the big one first: holding its request keeps a download in progress. */
const TWO_FILES = subset(DATA, "config.json");

function download(manifest: ModelManifest = TWO_FILES, extra: Parameters<typeof downloadModel>[1] = {}) {
  return downloadModel(dest, { manifest, endpoint: hub.url, backoffMs: 5, onEvent: (e) => events.push(e), ...extra });
}

/** A promise and the function that settles it. */
function gate() {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Settles with the download's rejection, or "ok". */
const outcome = (run: Promise<unknown>) =>
  run.then(
    () => "ok" as const,
    (e: unknown) => e,
  );

/** The values of the first `n` (or more) of `promises` to settle, waiting at most `timeoutMs`; none may reject. */
async function firstSettled<T>(promises: Promise<T>[], n: number, timeoutMs: number): Promise<T[]> {
  const settled: T[] = [];
  for (const p of promises) void p.then((value) => settled.push(value));
  await vi.waitFor(() => expect(settled.length).toBeGreaterThanOrEqual(n), { timeout: timeoutMs, interval: 20 });
  return settled;
}

/** `dest` holds TWO_FILES, each fetched once and hashed correctly now, and no lock is left. */
async function expectFetchedOnceAndVerified() {
  expect(hub.requestsFor(DATA)).toHaveLength(1);
  expect(hub.requestsFor("config.json")).toHaveLength(1);
  expect((await verifyModelDir(dest, { manifest: TWO_FILES })).ok).toBe(true);
  expect(existsSync(lockPath)).toBe(false);
}

/** Starts `n` `model:download` processes into `dest` for TWO_FILES; `stop` ends those still running and cleans up. */
async function startCommands(n: number) {
  const manifestFile = `${dest}.manifest.json`;
  await writeFile(manifestFile, JSON.stringify(TWO_FILES));
  const children: ChildProcess[] = [];
  const args = ["--dest", dest, "--manifest", manifestFile];
  const options = { timeoutMs: 60_000, onSpawn: (c: ChildProcess) => children.push(c) };
  const runs = Array.from({ length: n }, () =>
    runTsxScript("scripts/model-download.ts", args, { HF_ENDPOINT: hub.url }, options),
  );
  const stop = async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await rm(manifestFile, { force: true });
  };
  return { runs, children, stop };
}

/** The PID of a process that has just exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await once(child, "exit");
  return child.pid!;
}

/** The parent PID of a running process, from /proc. */
async function parentPid(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const match = status.match(/^PPid:\s+(\d+)$/m);
  return match ? Number(match[1]) : undefined;
}

const readHolder = async (): Promise<LockHolder> => JSON.parse(await readFile(lockPath, "utf8"));

/** The sentence a refused download gives, naming the lock's holder. */
const refusalFor = (holder: LockHolder) =>
  `Another download is already running into ${dest}: PID ${holder.pid} on ${holder.hostname}, started ${holder.startedAt} (${holder.command})`;

beforeEach(async () => {
  hub = await startFakeHub({ root: TINY_DIR, repo: MANIFEST.repo, revision: MANIFEST.revision });
  dest = await mkdtemp(path.join(os.tmpdir(), "bge-m3-lock-"));
  lockPath = path.join(dest, LOCK_NAME);
  events = [];
});

afterEach(async () => {
  await hub.close();
  await rm(dest, { recursive: true, force: true });
});

describe("one download per model directory", () => {
  it.each([2, 3])(
    "of %i concurrent downloads into one directory, one runs and the rest refuse at once, naming it",
    async (n) => {
      const held = gate();
      hub.faults.hold.set(DATA, held.promise);
      try {
        const outcomes = Array.from({ length: n }, () => outcome(download()));
        const settled = await firstSettled(outcomes, n - 1, 10_000);

        const holder = await readHolder();
        expect(holder).toMatchObject({ pid: process.pid, hostname: os.hostname() });
        for (const refusal of settled) {
          expect(refusal).toBeInstanceOf(DownloadError);
          expect((refusal as DownloadError).kind).toBe("locked");
          expect((refusal as DownloadError).message).toContain(refusalFor(holder));
        }
        expect(hub.requestsFor(DATA).length).toBeLessThanOrEqual(1);
        held.open();
        expect((await Promise.all(outcomes)).filter((o) => o === "ok")).toHaveLength(1);
      } finally {
        held.open();
      }
      await expectFetchedOnceAndVerified();
    },
  );

  it("three `model:download` processes into one directory: one downloads, two exit 1 naming its PID", async () => {
    const held = gate();
    hub.faults.hold.set(DATA, held.promise);
    const { runs, children, stop } = await startCommands(3);
    try {
      const finished = await firstSettled(runs, 2, 30_000);

      const holder = await readHolder();
      const lineage = [holder.pid, await parentPid(holder.pid)];
      expect(children.some((c) => lineage.includes(c.pid))).toBe(true);
      for (const refused of finished) {
        expect(refused.status).toBe(1);
        expect(refused.stderr.trim().split("\n").at(-1)).toContain(refusalFor(holder));
      }
      held.open();
      const all = await Promise.all(runs);
      expect(all.map((r) => r.status).sort()).toEqual([0, 1, 1]);
    } finally {
      held.open();
      await stop();
    }
    await expectFetchedOnceAndVerified();
  });

  it("releases the lock when the command is stopped with SIGTERM mid-file", async () => {
    const held = gate();
    hub.faults.hold.set(DATA, held.promise);
    const { runs, children, stop } = await startCommands(1);
    try {
      await vi.waitFor(() => expect(hub.requestsFor(DATA)).toHaveLength(1), { timeout: 30_000, interval: 50 });
      expect(existsSync(lockPath)).toBe(true);
      children[0]!.kill("SIGTERM");
      const result = await runs[0]!;
      expect(result.status).toBe(143);
      expect(result.stderr).toMatch(/Interrupted/);
    } finally {
      held.open();
      await stop();
    }
    expect(existsSync(lockPath)).toBe(false);
  });

  it("takes over a lock whose process is gone from this host, and says so", async () => {
    const stale: LockHolder = {
      pid: await deadPid(),
      hostname: os.hostname(),
      startedAt: "2026-01-01T00:00:00.000Z",
      command: "node scripts/model-download.ts",
    };
    await writeFile(lockPath, JSON.stringify(stale));
    await download(subset("config.json"));

    expect(events).toContainEqual({ type: "lock-takeover", lockPath, holder: stale });
    expect(await sameBytes(dest, "config.json")).toBe(true);
    expect(existsSync(lockPath)).toBe(false);
  });

  it("lets exactly one of two concurrent downloads take over a stale lock; the other refuses, naming it", async () => {
    const stale = {
      pid: await deadPid(),
      hostname: os.hostname(),
      startedAt: "2026-01-01T00:00:00.000Z",
      command: "x",
    };
    await writeFile(lockPath, JSON.stringify(stale));
    const held = gate();
    hub.faults.hold.set(DATA, held.promise);
    try {
      const outcomes = [outcome(download()), outcome(download())];
      const settled = await firstSettled(outcomes, 1, 10_000);
      expect(settled[0]).toBeInstanceOf(DownloadError);
      expect((settled[0] as DownloadError).message).toContain(refusalFor(await readHolder()));
      held.open();
      expect((await Promise.all(outcomes)).filter((o) => o === "ok")).toHaveLength(1);
    } finally {
      held.open();
    }
    expect(events.filter((e) => e.type === "lock-takeover")).toHaveLength(1);
    await expectFetchedOnceAndVerified();
  });

  it("respects a lock from another host, which it cannot check, and leaves it alone", async () => {
    const remote = { pid: 1, hostname: "build-7.example", startedAt: "2026-01-01T00:00:00.000Z", command: "npm run x" };
    const text = JSON.stringify(remote);
    await writeFile(lockPath, text);
    const failure = await outcome(download(subset("config.json")));

    expect((failure as DownloadError).kind).toBe("locked");
    expect((failure as DownloadError).message).toContain(refusalFor(remote));
    expect((failure as DownloadError).message).toContain(`delete ${lockPath}`);
    expect(await readFile(lockPath, "utf8")).toBe(text);
    expect(hub.requests).toHaveLength(0);
  });

  it("refuses while a lock is being written (unreadable and new), and takes one over once it is old", async () => {
    await writeFile(lockPath, "");
    const failure = await outcome(download(subset("config.json")));
    expect((failure as DownloadError).kind).toBe("locked");
    expect((failure as DownloadError).message).toMatch(
      /^Another download is starting in .*: its lock file .* is not written yet/,
    );

    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockPath, minuteAgo, minuteAgo);
    await download(subset("config.json"));
    expect(events).toContainEqual({ type: "lock-takeover", lockPath, holder: undefined });
    expect(existsSync(lockPath)).toBe(false);
  });

  it("releases the lock when the download fails, and when it is aborted", async () => {
    const missing = { ...MANIFEST, files: [{ path: "nope.bin", size: 3, sha256: "a".repeat(64) }] };
    expect((await outcome(download(missing))) as DownloadError).toMatchObject({ kind: "http" });
    expect(existsSync(lockPath)).toBe(false);

    const held = gate();
    hub.faults.hold.set(DATA, held.promise);
    const abort = new AbortController();
    try {
      const run = outcome(download(TWO_FILES, { signal: abort.signal }));
      await vi.waitFor(() => expect(hub.requestsFor(DATA)).toHaveLength(1), { timeout: 10_000, interval: 20 });
      abort.abort(new Error("interrupted"));
      expect(await run).not.toBe("ok");
    } finally {
      held.open();
    }
    expect(existsSync(lockPath)).toBe(false);
  });

  it("is no file of the model: verification ignores it, and a manifest may not claim its name", async () => {
    await download(subset("config.json"));
    await writeFile(lockPath, "{}");
    expect((await verifyModelDir(dest, { manifest: subset("config.json") })).ok).toBe(true);
    const claim = { ...MANIFEST, files: [{ path: LOCK_NAME, size: 2 }] };
    expect(() => parseManifest(JSON.stringify(claim))).toThrow(/path/);
  });
});
