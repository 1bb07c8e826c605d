/**
 * `npm run model:verify -- [--dir DIR] [--manifest FILE] [--fast]`
 *
 * Checks every file of the manifest in DIR (default `models/bge-m3`) by size and SHA-256. The manifest defaults
 * to the one the download recorded in DIR, else the built-in one (the bundled one for a `bge-m3-tiny` directory).
 * `--fast` trusts the stamp of the last full verification for files whose size and mtime are unchanged.
 * Exit codes: 0 all files match, 1 some file is missing or wrong (each is named), 2 bad usage or manifest.
 */
import { stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { defaultManifestFor, type ModelManifest, manifestBytes, readManifestFile } from "@/lib/model/manifest";
import { formatBytes } from "@/lib/model/progress";
import { createProgressReporter } from "@/lib/model/progress-reporter";
import {
  describeProblem,
  describeVerification,
  type FileProblem,
  repairHint,
  verifyModelDir,
} from "@/lib/model/verify";

const USAGE = `Usage: npm run model:verify -- [--dir DIR] [--manifest FILE] [--fast]
  --dir DIR         model directory (default models/bge-m3)
  --manifest FILE   JSON {"repo", "revision", "files": [{"path", "size", "sha256"}]}
                    (default: the one recorded in DIR by model:download, else the built-in one)
  --fast            do not re-hash files unchanged (size and mtime) since the last full verification`;

/** Parses the command line, or exits 2 with the usage text. */
function readArgs(): { dir: string; manifest?: string; fast: boolean } {
  try {
    const { values } = parseArgs({
      options: {
        dir: { type: "string", default: "models/bge-m3" },
        manifest: { type: "string" },
        fast: { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    return { dir: values.dir, manifest: values.manifest, fast: values.fast };
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

async function chooseManifest(dir: string, file: string | undefined): Promise<ModelManifest> {
  try {
    return file ? await readManifestFile(file) : await defaultManifestFor(dir);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
}

const LABELS: Record<FileProblem["kind"], string> = {
  missing: "MISSING   ",
  "wrong-size": "WRONG SIZE",
  "wrong-hash": "WRONG HASH",
};

async function main(): Promise<number> {
  const args = readArgs();
  const isDir = await stat(args.dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    console.error(
      `${args.dir} is not a directory. Download the model first: npm run model:download -- --dest ${args.dir}`,
    );
    return 1;
  }
  const manifest = await chooseManifest(args.dir, args.manifest);
  console.error(
    `Verifying ${args.dir} against ${manifest.repo}@${manifest.revision} (${manifest.files.length} files, ${formatBytes(manifestBytes(manifest))})${args.fast ? ", trusting the stamp for unchanged files" : ""}`,
  );
  const reporter = createProgressReporter(process.stderr);
  const result = await verifyModelDir(args.dir, {
    manifest,
    trustStamp: args.fast,
    onProgress: (p) => reporter.update(p),
  });
  reporter.done();
  for (const problem of result.problems) console.log(`${LABELS[problem.kind]}  ${describeProblem(problem)}`);
  if (result.sizeOnly.length > 0) {
    console.log(`Checked by size only (the manifest gives no SHA-256): ${result.sizeOnly.join(", ")}`);
  }
  if (result.fromStamp.length > 0) {
    console.log(`Not re-hashed, unchanged since the last full verification: ${result.fromStamp.length} files`);
  }
  console.log(result.ok ? `OK: ${describeVerification(result)}` : `FAILED: ${describeVerification(result)}`);
  if (!result.ok) console.log(`To repair: ${repairHint(args.dir, manifest)}`);
  return result.ok ? 0 : 1;
}

process.exitCode = await main();
