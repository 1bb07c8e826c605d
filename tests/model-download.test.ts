import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DownloadError, type DownloadEvent, downloadModel } from "@/lib/model/download";
import { hubFileUrl, hubToken, rangeContinuesAt } from "@/lib/model/hub-request";
import { BGE_M3_TINY_MANIFEST, type ModelManifest, readRecordedManifest, STAMP_NAME } from "@/lib/model/manifest";
import type { TransferProgress } from "@/lib/model/progress";
import { verifyModelDir } from "@/lib/model/verify";
import { closedPort, type FakeHub, startFakeHub } from "./helpers/fake-hub";
import { runTsxScript } from "./helpers/run-script";

const TINY_DIR = path.resolve("models/bge-m3-tiny");
const DATA = "onnx/model.onnx_data"; // 4,541,440 bytes: big enough to cut in the middle
const MANIFEST = BGE_M3_TINY_MANIFEST;

/** The tiny manifest restricted to some files, so request counts are easy to assert. */
function subset(...paths: string[]): ModelManifest {
  return { ...MANIFEST, files: MANIFEST.files.filter((f) => paths.includes(f.path)) };
}

async function sameBytes(dest: string, filePath: string): Promise<boolean> {
  const [got, want] = await Promise.all([readFile(path.join(dest, filePath)), readFile(path.join(TINY_DIR, filePath))]);
  return got.equals(want);
}

/** Leaves the first `bytes` of a tiny-model file as `<path>.incomplete` in `dest`, like an interrupted run. */
async function writePartial(filePath: string, bytes: number) {
  const source = await readFile(path.join(TINY_DIR, filePath));
  await mkdir(path.dirname(path.join(dest, filePath)), { recursive: true });
  await writeFile(path.join(dest, `${filePath}.incomplete`), source.subarray(0, bytes));
}

/** Every file name under `dir`, recursively, relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

let hub: FakeHub;
let dest: string;
let events: DownloadEvent[];

/** Downloads from the fake hub with fast retries, recording events. */
function download(manifest: ModelManifest, extra: Parameters<typeof downloadModel>[1] = {}) {
  return downloadModel(dest, {
    manifest,
    endpoint: hub.url,
    backoffMs: 5,
    stallTimeoutMs: 2_000,
    onEvent: (e) => events.push(e),
    ...extra,
  });
}

beforeEach(async () => {
  hub = await startFakeHub({ root: TINY_DIR, repo: MANIFEST.repo, revision: MANIFEST.revision });
  dest = await mkdtemp(path.join(os.tmpdir(), "bge-m3-download-"));
  events = [];
});

afterEach(async () => {
  await hub.close();
  await rm(dest, { recursive: true, force: true });
});

describe("downloadModel over a real HTTP server", () => {
  it("fetches every file of the manifest byte for byte, records the manifest and stamps the directory", async () => {
    const progress: TransferProgress[] = [];
    const report = await download(MANIFEST, { onProgress: (p) => progress.push(p) });

    expect(report.downloaded).toEqual(MANIFEST.files.map((f) => f.path));
    for (const file of MANIFEST.files) expect(await sameBytes(dest, file.path)).toBe(true);
    expect((await listFiles(dest)).filter((f) => f.endsWith(".incomplete"))).toEqual([]);
    expect(await readRecordedManifest(dest)).toEqual(MANIFEST);
    expect(report.stampWritten).toBe(true);
    expect(new Set(hub.requests.map((r) => r.acceptEncoding))).toEqual(new Set(["identity"]));
    const last = progress.at(-1)!;
    expect(last.doneBytes).toBe(last.totalBytes);
    expect(last.totalBytes).toBe(MANIFEST.files.reduce((s, f) => s + f.size, 0));
    expect((await verifyModelDir(dest, { trustStamp: true })).fromStamp).toHaveLength(MANIFEST.files.length);
  });

  it("skips files already present and verified, without a single request", async () => {
    await download(MANIFEST);
    const before = hub.requests.length;
    const again = await download(MANIFEST);
    expect(hub.requests.length).toBe(before);
    expect(again.downloaded).toEqual([]);
    expect(again.skipped).toHaveLength(MANIFEST.files.length);
  });

  it("resumes a connection cut mid-file with a Range request and ends with the right file", async () => {
    hub.faults.cut.set(DATA, { afterBytes: 1_000_000, times: 1 });
    await download(subset(DATA));

    const requests = hub.requestsFor(DATA);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.range).toBeUndefined();
    const resumedAt = Number(requests[1]!.range?.match(/^bytes=(\d+)-$/)?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(1_000_000);
    expect(events).toContainEqual({ type: "resume", path: DATA, offset: resumedAt });
    const retry = events.find((e) => e.type === "retry");
    expect(retry).toMatchObject({
      reason: expect.stringMatching(/^the connection broke after [\d,]+ of 4,541,440 bytes/),
    });
    expect(await sameBytes(dest, DATA)).toBe(true);
  });

  it("resumes a partial file left by an earlier run on its first request", async () => {
    await writePartial(DATA, 2_000_000);
    await download(subset(DATA));
    expect(hub.requestsFor(DATA).map((r) => r.range)).toEqual(["bytes=2000000-"]);
    expect(events).toContainEqual({ type: "resume", path: DATA, offset: 2_000_000 });
    expect(await sameBytes(dest, DATA)).toBe(true);
  });

  it("starts over cleanly when the server ignores Range and answers 200", async () => {
    hub.faults.cut.set(DATA, { afterBytes: 1_000_000, times: 1 });
    hub.faults.ignoreRange.add(DATA);
    await download(subset(DATA));

    const requests = hub.requestsFor(DATA);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.range).toMatch(/^bytes=\d+-$/);
    expect(events.some((e) => e.type === "restart" && e.path === DATA)).toBe(true);
    expect(await sameBytes(dest, DATA)).toBe(true);
  });

  it("starts over when a 206 carries a Content-Range that does not continue the partial file", async () => {
    await writePartial(DATA, 500_000);
    hub.faults.wrongContentRange.add(DATA);
    await download(subset(DATA));

    expect(hub.requestsFor(DATA).map((r) => r.range)).toEqual(["bytes=500000-", undefined]);
    expect(events.some((e) => e.type === "restart" && /Content-Range/.test(e.reason))).toBe(true);
    expect(await sameBytes(dest, DATA)).toBe(true);
  });

  it("catches a corrupted byte, discards it, and fetches the file again", async () => {
    hub.faults.corrupt.set(DATA, { offset: 123_456, times: 1 });
    await download(subset(DATA));

    expect(hub.requestsFor(DATA)).toHaveLength(2);
    expect(hub.requestsFor(DATA)[1]!.range).toBeUndefined(); // the bad bytes were not resumed from
    const retry = events.find((e) => e.type === "retry");
    expect(retry && retry.type === "retry" && retry.reason).toMatch(/SHA-256/);
    expect(await sameBytes(dest, DATA)).toBe(true);
  });

  it("fails clearly after three corrupted copies and leaves nothing under the final name", async () => {
    hub.faults.corrupt.set(DATA, { offset: 7, times: Number.POSITIVE_INFINITY });
    const failure = await download(subset(DATA)).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(DownloadError);
    expect((failure as DownloadError).kind).toBe("integrity");
    expect((failure as DownloadError).message).toContain(DATA);
    expect((failure as DownloadError).message).toContain("SHA-256");
    expect(hub.requestsFor(DATA)).toHaveLength(3);
    expect(await listFiles(dest)).not.toContain(DATA);
    expect(await listFiles(dest)).not.toContain(`${DATA}.incomplete`);
  });

  it("reports a 404 once, naming the file, without retrying", async () => {
    const manifest: ModelManifest = {
      ...MANIFEST,
      files: [{ path: "onnx/does-not-exist.bin", size: 10, sha256: "0".repeat(64) }],
    };
    const failure = await download(manifest).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(DownloadError);
    expect((failure as DownloadError).kind).toBe("http");
    expect((failure as DownloadError).message).toMatch(/onnx\/does-not-exist\.bin.*404/);
    expect(hub.requestsFor("onnx/does-not-exist.bin")).toHaveLength(1);
  });

  it("stops at once when the server's Content-Length contradicts the manifest's size", async () => {
    const config = MANIFEST.files.find((f) => f.path === "config.json")!;
    const failure = await download({ ...MANIFEST, files: [{ ...config, size: 999 }] }).catch((e: unknown) => e);
    expect((failure as DownloadError).kind).toBe("integrity");
    expect((failure as DownloadError).message).toMatch(/sent 619 bytes for config\.json, but the manifest expects 999/);
    expect(hub.requestsFor("config.json")).toHaveLength(1);
    expect(await listFiles(dest)).not.toContain("config.json");
  });

  it("retries a 503 and succeeds on the next try", async () => {
    hub.faults.status.set("config.json", { code: 503, times: 1 });
    await download(subset("config.json"));
    expect(hub.requestsFor("config.json")).toHaveLength(2);
    expect(await sameBytes(dest, "config.json")).toBe(true);
  });

  it("follows a redirect to another port and path, sending the token to the hub only", async () => {
    const cdn = await startFakeHub({ root: TINY_DIR, repo: MANIFEST.repo, revision: MANIFEST.revision });
    try {
      hub.faults.redirect.set(DATA, cdn.url);
      await download(subset(DATA), { token: "hf_secret" });

      expect(hub.requestsFor(DATA)).toHaveLength(1);
      expect(hub.requestsFor(DATA)[0]!.authorization).toBe("Bearer hf_secret");
      const cdnRequests = cdn.requestsFor(DATA);
      expect(cdnRequests).toHaveLength(1);
      expect(cdnRequests[0]!.url).toBe(`/cdn/${DATA}?signature=abc`);
      expect(cdnRequests[0]!.authorization).toBeUndefined();
      expect(await sameBytes(dest, DATA)).toBe(true);
    } finally {
      await cdn.close();
    }
  });

  it("keeps the Range header across a redirect when resuming", async () => {
    const cdn = await startFakeHub({ root: TINY_DIR, repo: MANIFEST.repo, revision: MANIFEST.revision });
    try {
      hub.faults.redirect.set(DATA, cdn.url);
      cdn.faults.cut.set(DATA, { afterBytes: 300_000, times: 1 });
      await download(subset(DATA));
      expect(cdn.requestsFor(DATA).map((r) => r.range)).toEqual([undefined, expect.stringMatching(/^bytes=\d+-$/)]);
      expect(await sameBytes(dest, DATA)).toBe(true);
    } finally {
      await cdn.close();
    }
  });

  it("treats a stalled connection as a failed try and resumes", async () => {
    hub.faults.stall.set(DATA, { afterBytes: 800_000, times: 1 });
    await download(subset(DATA), { stallTimeoutMs: 300 });
    const requests = hub.requestsFor(DATA);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.range).toMatch(/^bytes=\d+-$/);
    expect(events.find((e) => e.type === "retry")).toMatchObject({ reason: expect.stringMatching(/no data arrived/) });
    expect(await sameBytes(dest, DATA)).toBe(true);
  });

  it("replaces a wrong file found under its final name", async () => {
    await download(subset("config.json"));
    await writeFile(path.join(dest, "config.json"), "{}");
    await download(subset("config.json"));
    expect(events).toContainEqual({ type: "discard", path: "config.json", reason: "wrong-size" });
    expect(await sameBytes(dest, "config.json")).toBe(true);
  });

  it("says in one sentence that the network is unreachable", async () => {
    const port = await closedPort();
    const failure = await download(subset("config.json"), { endpoint: `http://127.0.0.1:${port}` }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(DownloadError);
    expect((failure as DownloadError).kind).toBe("unreachable");
    const message = (failure as DownloadError).message;
    expect(message).toMatch(/^Network unreachable: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(message).toContain("HF_ENDPOINT=https://hf-mirror.com");
    expect(message.trim().split(/\.\s/)).toHaveLength(1);
  });

  it("refuses to start when the disk lacks space, before any request", async () => {
    const failure = await download(MANIFEST, { freeBytes: async () => 1_000_000 }).catch((e: unknown) => e);
    expect((failure as DownloadError).kind).toBe("disk-space");
    expect((failure as DownloadError).message).toMatch(/needs 6\.\d+ MiB more and 977 KiB is free/);
    expect(hub.requests).toHaveLength(0);
  });

  it("counts partial files as already fetched when checking free space", async () => {
    await writePartial(DATA, 4_000_000);
    await download(subset(DATA), { freeBytes: async () => 600_000 });
    expect(await sameBytes(dest, DATA)).toBe(true);
  });
});

describe("Hub URLs and headers", () => {
  it("builds resolve URLs with the revision and each path segment encoded", () => {
    const manifest: ModelManifest = { repo: "BAAI/bge-m3", revision: "refs/pr/94", files: [] as never };
    expect(hubFileUrl("https://hf-mirror.com", manifest, { path: "onnx/model.onnx", size: 1 })).toBe(
      "https://hf-mirror.com/BAAI/bge-m3/resolve/refs%2Fpr%2F94/onnx/model.onnx",
    );
  });

  it("uses HF_TOKEN for huggingface.co only, never for a mirror", () => {
    const env = { HF_TOKEN: "hf_x" };
    expect(hubToken("https://huggingface.co", env)).toBe("hf_x");
    expect(hubToken("https://hf-mirror.com", env)).toBeUndefined();
  });

  it("accepts a 206 only when Content-Range continues exactly at the partial size", () => {
    expect(rangeContinuesAt("bytes 100-999/1000", 100, 1000)).toBe(true);
    expect(rangeContinuesAt("bytes 100-999/*", 100, 1000)).toBe(true);
    expect(rangeContinuesAt("bytes 0-999/1000", 100, 1000)).toBe(false);
    expect(rangeContinuesAt("bytes 100-998/1000", 100, 1000)).toBe(false);
    expect(rangeContinuesAt("bytes 100-999/2000", 100, 1000)).toBe(false);
    expect(rangeContinuesAt(null, 100, 1000)).toBe(false);
  });
});

describe("npm run model:download (scripts/model-download.ts)", () => {
  const runScript = (args: string[]) => runTsxScript("scripts/model-download.ts", args, { HF_ENDPOINT: hub.url });

  it("downloads with --manifest, exits 0 and leaves a verified directory", async () => {
    const manifestFile = path.join(dest, "..", `${path.basename(dest)}.manifest.json`);
    await writeFile(manifestFile, JSON.stringify(subset("config.json", "sparse_linear.pt")));
    try {
      const run = await runScript(["--dest", dest, "--manifest", manifestFile]);
      expect(run.status, run.stderr).toBe(0);
      expect(await sameBytes(dest, "sparse_linear.pt")).toBe(true);
      expect((await stat(path.join(dest, STAMP_NAME))).isFile()).toBe(true);
    } finally {
      await rm(manifestFile, { force: true });
    }
  });

  it("exits non-zero naming the file when the server answers 404", async () => {
    const manifestFile = path.join(dest, "..", `${path.basename(dest)}.manifest.json`);
    const missing = { ...MANIFEST, files: [{ path: "nope/missing.bin", size: 3, sha256: "a".repeat(64) }] };
    await writeFile(manifestFile, JSON.stringify(missing));
    try {
      const run = await runScript(["--dest", dest, "--manifest", manifestFile]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/nope\/missing\.bin.*404/);
    } finally {
      await rm(manifestFile, { force: true });
    }
  });

  it("exits 2 with a usage message for an unknown option", async () => {
    const run = await runScript(["--bogus"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--bogus/);
  });
});
