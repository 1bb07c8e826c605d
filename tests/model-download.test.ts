import { createHash } from "node:crypto";
import { mkdtemp, open, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DownloadError, type DownloadEvent, downloadModel, type PartialFile } from "@/lib/model/download";
import { hubFileUrl, hubToken, rangeContinuesAt } from "@/lib/model/hub-request";
import { type ModelManifest, readRecordedManifest, STAMP_NAME } from "@/lib/model/manifest";
import { formatBytes, type TransferProgress } from "@/lib/model/progress";
import { readStamp } from "@/lib/model/stamp";
import { verifyModelDir } from "@/lib/model/verify";
import { DATA, listFiles, MANIFEST, sameBytes, subset, TINY_DIR, writePartial } from "./helpers/download-fixture";
import { closedPort, type FakeHub, startFakeHub } from "./helpers/fake-hub";
import { runTsxScript } from "./helpers/run-script";

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
    await writePartial(dest, DATA, 2_000_000);
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
    await writePartial(dest, DATA, 500_000);
    hub.faults.wrongContentRange.add(DATA);
    await download(subset(DATA));

    expect(hub.requestsFor(DATA).map((r) => r.range)).toEqual(["bytes=500000-", undefined]);
    expect(events.some((e) => e.type === "restart" && /Content-Range/.test(e.reason))).toBe(true);
    expect(await sameBytes(dest, DATA)).toBe(true);
  });

  it("discards a resumed file whose SHA-256 is wrong because of its old prefix, and fetches it whole once", async () => {
    await writePartial(dest, DATA, 1_000_000, 4_321);
    await download(subset(DATA));

    expect(hub.requestsFor(DATA).map((r) => r.range)).toEqual(["bytes=1000000-", undefined]);
    const retry = events.find((e) => e.type === "retry");
    expect(retry && retry.type === "retry" && retry.reason).toMatch(/SHA-256 .* after resuming at byte 1,000,000/);
    expect(await sameBytes(dest, DATA)).toBe(true);
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
    await writePartial(dest, DATA, 4_000_000);
    await download(subset(DATA), { freeBytes: async () => 600_000 });
    expect(await sameBytes(dest, DATA)).toBe(true);
  });
});

/** SHA-256 of a tiny-model file with the byte at `offset` flipped, as the `corrupt` fault serves it. */
async function corruptedSha256(filePath: string, offset: number): Promise<string> {
  const bytes = Buffer.from(await readFile(path.join(TINY_DIR, filePath)));
  bytes[offset] = (bytes[offset] ?? 0) ^ 0xff;
  return createHash("sha256").update(bytes).digest("hex");
}

/** The rejection of `promise`, which must be a {@link DownloadError}. */
async function failureOf(promise: Promise<unknown>): Promise<DownloadError> {
  const failure = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(failure).toBeInstanceOf(DownloadError);
  return failure as DownloadError;
}

/**
 * Opens `.incomplete` files for real, but hands `DATA`'s writes to `write` (which gets the real handle),
 * for disk faults no real disk in a test can be made to have.
 */
function diskFault(
  write: (handle: PartialFile, chunk: Uint8Array, written: number) => Promise<{ bytesWritten: number }>,
) {
  return async (file: string, flags: "w" | "a"): Promise<PartialFile> => {
    const handle = await open(file, flags);
    if (!file.endsWith(`${DATA}.incomplete`)) return handle;
    let written = 0;
    return {
      write: async (buffer, offset, length) => {
        const result = await write(handle, buffer.subarray(offset, offset + length), written);
        written += result.bytesWritten;
        return result;
      },
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  };
}

/** An error like the one `write(2)` gives on a full disk (`ENOSPC`) or an exhausted quota (`EDQUOT`). */
function diskError(code: "ENOSPC" | "EDQUOT"): NodeJS.ErrnoException {
  const text = code === "ENOSPC" ? "no space left on device" : "disk quota exceeded";
  return Object.assign(new Error(`${code}: ${text}, write`), { code, syscall: "write" });
}

describe("downloadModel: failures another try from the same source would not fix", () => {
  const MODEL = "onnx/model.onnx"; // 30,412 bytes

  it("stops at once on an HTML page answered with 200, naming the URL and the mirror, and keeps nothing", async () => {
    hub.faults.html.add(MODEL);
    const failure = await failureOf(download(subset(MODEL)));

    expect(failure.kind).toBe("http");
    expect(failure.message).toContain(hubFileUrl(hub.url, MANIFEST, { path: MODEL, size: 0 }));
    expect(failure.message).toMatch(/HTML page/);
    expect(failure.message).toContain(`so ${hub.url} is not serving this model's files`);
    expect(failure.message).toContain("HF_ENDPOINT");
    expect(failure.message).not.toMatch(/resume|connection closed/);
    expect(hub.requestsFor(MODEL)).toHaveLength(1);
    expect(await listFiles(dest)).not.toContain(`${MODEL}.incomplete`);
    expect(await listFiles(dest)).not.toContain(MODEL);
  });

  it("accepts text/html for a file that is itself an .html page", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "bge-m3-html-root-"));
    const page = Buffer.from("<!doctype html><title>model card</title>\n");
    await writeFile(path.join(root, "card.html"), page);
    const pages = await startFakeHub({ root, repo: MANIFEST.repo, revision: MANIFEST.revision });
    try {
      pages.faults.contentType.set("card.html", "text/html; charset=utf-8");
      const sha256 = createHash("sha256").update(page).digest("hex");
      await download(
        { ...MANIFEST, files: [{ path: "card.html", size: page.length, sha256 }] },
        { endpoint: pages.url },
      );
      expect(await readFile(path.join(dest, "card.html"))).toEqual(page);
    } finally {
      await pages.close();
      await rm(root, { recursive: true, force: true });
    }
  });

  it("fails a SHA-256 mismatch after one request, blaming the source and naming both hashes", async () => {
    hub.faults.corrupt.set(DATA, { offset: 7, times: Number.POSITIVE_INFINITY });
    const failure = await failureOf(download(subset(DATA)));

    const expected = MANIFEST.files.find((f) => f.path === DATA)!.sha256!;
    const got = await corruptedSha256(DATA, 7);
    expect(failure.kind).toBe("integrity");
    expect(failure.message).toContain(hubFileUrl(hub.url, MANIFEST, { path: DATA, size: 0 }));
    expect(failure.message).toMatch(/served different bytes than the manifest/);
    expect(failure.message).toContain(`SHA-256 ${got.slice(0, 12)}`);
    expect(failure.message).toContain(`expected ${expected.slice(0, 12)}`);
    expect(failure.message).toContain("HF_ENDPOINT");
    expect(hub.requestsFor(DATA)).toHaveLength(1);
    expect(events.some((e) => e.type === "retry")).toBe(false);
    expect(await listFiles(dest)).not.toContain(DATA);
    expect(await listFiles(dest)).not.toContain(`${DATA}.incomplete`);
  });

  it.each(["ENOSPC", "EDQUOT"] as const)(
    "stops at once on %s, naming the file, the space still needed and the free space, and keeps the partial file",
    async (code) => {
      const onDiskLimit = 1_500_000;
      const openPartial = diskFault(async (handle, chunk, written) => {
        if (written + chunk.length > onDiskLimit) throw diskError(code);
        return handle.write(chunk, 0, chunk.length);
      });
      const manifest = subset(DATA, "sparse_linear.pt");
      const failure = await failureOf(download(manifest, { openPartial, freeBytes: async () => 10_000_000 }));

      const partial = path.join(dest, `${DATA}.incomplete`);
      const kept = (await stat(partial)).size;
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThanOrEqual(onDiskLimit);
      const later = MANIFEST.files.find((f) => f.path === "sparse_linear.pt")!.size;
      const thisFile = 4_541_440 - kept;
      expect(failure.kind).toBe("disk-space");
      expect(failure.message).toContain(partial);
      expect(failure.message).toContain(
        `needs ${formatBytes(thisFile + later)} more (${formatBytes(thisFile)} for ${DATA}, ${formatBytes(later)} for the files after it) and ${formatBytes(10_000_000)} is free`,
      );
      expect(failure.message).toMatch(code === "ENOSPC" ? /^No space left on device/ : /^Disk quota exceeded/);
      expect(hub.requestsFor(DATA)).toHaveLength(1);
      expect(events.some((e) => e.type === "retry")).toBe(false);
    },
  );

  it("says a redirect loop is a loop, naming both URLs, and does not retry it", async () => {
    hub.faults.redirectLoop.set("config.json", "cycle");
    const failure = await failureOf(download(subset("config.json")));

    const hubUrl = hubFileUrl(hub.url, MANIFEST, { path: "config.json", size: 0 });
    expect(failure.kind).toBe("http");
    expect(failure.message).toContain(`redirects in a loop between ${hubUrl} and ${hub.url}/cdn/config.json?loop`);
    expect(failure.message).not.toMatch(/resume/);
    expect(hub.requestsFor("config.json")).toHaveLength(2);
  });

  it("gives up after 10 redirects to ever new URLs with its own message, and does not retry", async () => {
    hub.faults.redirectLoop.set("config.json", "chain");
    const failure = await failureOf(download(subset("config.json")));

    expect(failure.kind).toBe("http");
    expect(failure.message).toMatch(/more than 10 redirects/);
    expect(failure.message).not.toMatch(/resume/);
    expect(hub.requestsFor("config.json")).toHaveLength(11);
  });

  it("stops at once when the body runs past the manifest's size, naming the URL and both sizes", async () => {
    hub.faults.extraBytes.set(MODEL, 65_536);
    const failure = await failureOf(download(subset(MODEL)));

    expect(failure.kind).toBe("integrity");
    expect(failure.message).toContain(hubFileUrl(hub.url, MANIFEST, { path: MODEL, size: 0 }));
    expect(failure.message).toMatch(
      /more than the 30,412 bytes the manifest gives for onnx\/model\.onnx \(at least [\d,]+\)/,
    );
    expect(failure.message).not.toMatch(/resume/);
    expect(hub.requestsFor(MODEL)).toHaveLength(1);
    expect(await listFiles(dest)).not.toContain(`${MODEL}.incomplete`);
    expect(await listFiles(dest)).not.toContain(MODEL);
  });

  it("hashes the renamed file again from disk: bytes that reach the disk wrong are removed, never stamped", async () => {
    const openPartial = diskFault(async (handle, chunk, written) => {
      const copy = Buffer.from(chunk);
      if (written === 0) copy[0] = (copy[0] ?? 0) ^ 0xff; // the stream (and its hash) stays right
      return handle.write(copy, 0, copy.length);
    });
    const failure = await failureOf(download(subset(DATA, "config.json"), { openPartial }));

    expect(failure.kind).toBe("integrity");
    expect(failure.message).toContain(path.join(dest, DATA));
    expect(failure.message).toMatch(/on disk/);
    expect(await listFiles(dest)).not.toContain(DATA);
    expect(hub.requestsFor(DATA)).toHaveLength(1);
    expect(await readStamp(dest)).toBeUndefined();
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

  /** Runs the command into `dest` with `manifest` in a file beside it. */
  async function runWithManifest(manifest: ModelManifest) {
    const manifestFile = `${dest}.manifest.json`;
    await writeFile(manifestFile, JSON.stringify(manifest));
    try {
      return await runScript(["--dest", dest, "--manifest", manifestFile]);
    } finally {
      await rm(manifestFile, { force: true });
    }
  }

  it("downloads with --manifest, exits 0 and leaves a verified directory", async () => {
    const run = await runWithManifest(subset("config.json", "sparse_linear.pt"));
    expect(run.status, run.stderr).toBe(0);
    expect(await sameBytes(dest, "sparse_linear.pt")).toBe(true);
    expect((await stat(path.join(dest, STAMP_NAME))).isFile()).toBe(true);
  });

  it("exits non-zero naming the file when the server answers 404", async () => {
    const run = await runWithManifest({
      ...MANIFEST,
      files: [{ path: "nope/missing.bin", size: 3, sha256: "a".repeat(64) }],
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/nope\/missing\.bin.*404/);
  });

  it.each([
    ["an HTML page", (h: FakeHub) => h.faults.html.add("config.json"), /answered with an HTML page/],
    [
      "a SHA-256 mismatch",
      (h: FakeHub) => h.faults.corrupt.set("config.json", { offset: 3, times: Number.POSITIVE_INFINITY }),
      /served different bytes than the manifest/,
    ],
    ["a redirect loop", (h: FakeHub) => h.faults.redirectLoop.set("config.json", "cycle"), /redirects in a loop/],
  ])("prints %s as one sentence that says what to do, and exits 1", async (_, inject, what) => {
    inject(hub);
    const run = await runWithManifest(subset("config.json"));
    const last = run.stderr.trim().split("\n").at(-1)!;
    expect(run.status).toBe(1);
    expect(last).toMatch(what);
    expect(last).toMatch(/HF_ENDPOINT.*\.$/);
    expect(last.split(/\.\s/)).toHaveLength(1);
    expect(run.stderr).not.toMatch(/retry|resume/);
  });

  it("exits 2 with a usage message for an unknown option", async () => {
    const run = await runScript(["--bogus"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--bogus/);
  });
});
