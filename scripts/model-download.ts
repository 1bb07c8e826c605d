/**
 * `npm run model:download -- [--dest DIR] [--manifest FILE]`
 *
 * Downloads a pinned model into DIR (default `models/bge-m3`): resumable, retried, every file checked against
 * its size and SHA-256 before it gets its final name. The manifest defaults to the one recorded in DIR by an
 * earlier download, else the built-in BAAI/bge-m3 one. Honours HF_ENDPOINT (mirror) and HF_TOKEN.
 * Only one download runs into a DIR at a time: another one exits 1 at once, naming the first.
 * Exit codes: 0 done, 1 download failed (or DIR is locked), 2 bad usage or manifest, 130/143 interrupted by
 * SIGINT/SIGTERM (the lock is released, partial files are kept).
 */
import { parseArgs } from "node:util";
import { DownloadError, type DownloadEvent, downloadModel } from "@/lib/model/download";
import { describeHolder } from "@/lib/model/download-lock";
import { hubEndpoint } from "@/lib/model/hub-request";
import {
  BGE_M3_MANIFEST,
  type ModelManifest,
  manifestBytes,
  manifestLabel,
  readManifestFile,
  readRecordedManifest,
} from "@/lib/model/manifest";
import { formatBytes, formatDuration } from "@/lib/model/progress";
import { createProgressReporter } from "@/lib/model/progress-reporter";

const USAGE = `Usage: npm run model:download -- [--dest DIR] [--manifest FILE]
  --dest DIR        where to put the model (default models/bge-m3)
  --manifest FILE   JSON {"repo", "revision", "files": [{"path", "size", "sha256"}]}
                    (default: the one recorded in DIR, else BAAI/bge-m3 at the pinned revision)
Environment: HF_ENDPOINT (e.g. https://hf-mirror.com), HF_TOKEN (sent to huggingface.co only).`;

/** Parses the command line, or exits 2 with the usage text. */
function readArgs(): { dest: string; manifest?: string } {
  try {
    const { values } = parseArgs({
      options: {
        dest: { type: "string", default: "models/bge-m3" },
        manifest: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    return { dest: values.dest, manifest: values.manifest };
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

/** The manifest to use: --manifest, else the one recorded in DEST, else the built-in one. Exits 2 if invalid. */
async function chooseManifest(dest: string, file: string | undefined): Promise<ModelManifest> {
  try {
    if (file) return await readManifestFile(file);
    return (await readRecordedManifest(dest)) ?? BGE_M3_MANIFEST;
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
}

/** One human line per download event; undefined for events the progress display already shows. */
function describeEvent(event: DownloadEvent, tries: number): string | undefined {
  switch (event.type) {
    case "skip":
      return `  ok      ${event.path} (already present${event.how === "stamp" ? ", unchanged since verified" : ", verified"})`;
    case "discard":
      return `  bad     ${event.path} (${event.reason}); removed, fetching it again`;
    case "start":
      return undefined;
    case "resume":
      return `  resume  ${event.path} from ${formatBytes(event.offset)}`;
    case "restart":
      return `  restart ${event.path}: ${event.reason}`;
    case "retry":
      return `  retry   ${event.path}: ${event.reason}; try ${event.attempt} of ${tries} in ${formatDuration(event.delayMs / 1000)}`;
    case "done":
      return `  ok      ${event.path} (size and SHA-256 match, read back from disk)`;
    case "lock-takeover":
      return event.holder
        ? `  lock    took over ${event.lockPath}: its holder, ${describeHolder(event.holder)}, no longer runs`
        : `  lock    took over ${event.lockPath}: it was left unwritten by a process that stopped`;
  }
}

async function main(): Promise<number> {
  const args = readArgs();
  const manifest = await chooseManifest(args.dest, args.manifest);
  const endpoint = hubEndpoint();
  const tries = 3;
  const reporter = createProgressReporter(process.stderr);
  const abort = new AbortController();
  let exitOnAbort = 130;
  process.once("SIGINT", () => abort.abort(new Error("interrupted")));
  process.once("SIGTERM", () => {
    exitOnAbort = 143;
    abort.abort(new Error("terminated"));
  });
  console.error(
    `Downloading ${manifestLabel(manifest)} (${manifest.files.length} files, ${formatBytes(manifestBytes(manifest))}) from ${endpoint} into ${args.dest}`,
  );
  const unconfirmed = manifest.files.filter((f) => f.unconfirmed).length;
  if (unconfirmed > 0) {
    console.error(
      `Note: ${unconfirmed} of ${manifest.files.length} expected sizes/hashes are not yet confirmed on the Hub (see docs/model-files.md); a mismatch there may be the manifest's fault.`,
    );
  }
  try {
    const report = await downloadModel(args.dest, {
      manifest,
      endpoint,
      tries,
      signal: abort.signal,
      onProgress: (p) => reporter.update(p),
      onEvent: (e) => {
        const line = describeEvent(e, tries);
        if (line) reporter.line(line);
      },
    });
    reporter.done();
    const sizeOnly = manifest.files.filter((f) => !f.sha256).map((f) => f.path);
    if (sizeOnly.length > 0) console.error(`Checked by size only (no SHA-256 in the manifest): ${sizeOnly.join(", ")}`);
    console.error(
      `Done: ${args.dest} holds all ${manifest.files.length} files of ${manifestLabel(manifest)} (${report.downloaded.length} fetched, ${report.skipped.length} already there, ${formatBytes(report.bytesReceived)} received).`,
    );
    return 0;
  } catch (err) {
    reporter.done();
    if (abort.signal.aborted) {
      console.error("Interrupted. Partial files are kept: run the same command again to resume.");
      return exitOnAbort;
    }
    console.error(err instanceof DownloadError ? err.message : `model:download failed: ${(err as Error).message}`);
    return 1;
  }
}

process.exitCode = await main();
