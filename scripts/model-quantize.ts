/**
 * `npm run model:quantize -- [--dir DIR] [--scales pair|column] [--out NAME] [--force] [--no-fuse] [--no-embeddings]
 *                           [--keep] [--min-cosine X] [--check] [--pairs FILE]`
 *
 * Writes DIR/onnx/model_int8.onnx (+ model_int8.onnx_data; --out names another file in DIR/onnx) from the fp32
 * DIR/onnx/model.onnx: dynamically quantised int8 (see lib/model/quantize-int8.ts), with the weight scales
 * recorded in its metadata (`column` only on a CPU with VNNI, see lib/model/int8-scales.ts). Then loads both
 * variants and measures the drift on built-in test texts (or --pairs); when the mean dense cosine to fp32 is below
 * 0.99 (--min-cosine) the int8 files are deleted (unless --keep), so `BGE_M3_VARIANT=int8` is only ever offered with
 * a small drift. `--check` only measures.
 * Exit codes: 0 written (or already up to date), 1 failed or drift too large, 2 bad usage.
 */
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { cpuFlags } from "@/lib/config/machine";
import { Engine } from "@/lib/engine/engine";
import { defaultThreads } from "@/lib/engine/ort";
import { variantFile } from "@/lib/engine/variant";
import { DRIFT_PAIRS, type DriftReport, MIN_DENSE_COSINE, measureDrift, type TextPair } from "@/lib/model/drift";
import { INT8_SCALES, type Int8Scales, int8ScalesOf, scalesRefusal } from "@/lib/model/int8-scales";
import { formatBytes, SpeedMeter } from "@/lib/model/progress";
import { createProgressReporter } from "@/lib/model/progress-reporter";
import { quantizeModel } from "@/lib/model/quantize-int8";

const DEFAULT_OUT = path.basename(variantFile("int8"));

const USAGE = `Usage: npm run model:quantize -- [--dir DIR] [--scales pair|column] [--out NAME] [--force] [--no-fuse]
                                  [--no-embeddings] [--keep] [--min-cosine X] [--check] [--pairs FILE]
  --dir DIR          model directory in the official layout (default models/bge-m3)
  --scales S         weight scales: pair (default; exact on every x86 CPU) or column (half the step, exact only on
                     a CPU with avx512_vnni or avx_vnni, refused elsewhere); the file records the choice
  --out NAME         write DIR/onnx/NAME instead of ${DEFAULT_OUT} (the engine runs ${DEFAULT_OUT} only)
  --force            rewrite the int8 model even when it is newer than onnx/model.onnx
  --no-fuse          keep Q, K and V as three quantised MatMuls instead of one
  --no-embeddings    keep the embedding tables in fp32 (larger file, no change in speed)
  --keep             keep the int8 files even when the drift check fails
  --min-cosine X     the drift check's bound on the mean dense cosine to fp32 (default 0.99)
  --check            only measure the drift of the existing int8 model (the --out file)
  --pairs FILE       measure the drift on these pairs: [[a, b], …] or {"pairs": [{"a", "b"}, …]}
                     (default: built-in test texts in several languages)`;

interface Args {
  dir: string;
  scales: Int8Scales;
  out: string;
  force: boolean;
  fuse: boolean;
  embeddings: boolean;
  keep: boolean;
  minCosine: number;
  check: boolean;
  pairs: string | undefined;
}

function readArgs(): Args {
  try {
    const { values } = parseArgs({
      options: {
        dir: { type: "string", default: "models/bge-m3" },
        scales: { type: "string", default: "pair" },
        out: { type: "string", default: DEFAULT_OUT },
        force: { type: "boolean", default: false },
        "no-fuse": { type: "boolean", default: false },
        "no-embeddings": { type: "boolean", default: false },
        keep: { type: "boolean", default: false },
        "min-cosine": { type: "string", default: String(MIN_DENSE_COSINE) },
        check: { type: "boolean", default: false },
        pairs: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const minCosine = Number(values["min-cosine"]);
    if (!(minCosine > -1 && minCosine <= 1)) throw new Error(`--min-cosine must be a number in (-1, 1]`);
    const scales = INT8_SCALES.find((s) => s === values.scales);
    if (!scales) throw new Error(`--scales must be ${INT8_SCALES.join(" or ")}, got "${values.scales}"`);
    if (!/^[\w.-]+\.onnx$/.test(values.out) || values.out === path.basename(variantFile("fp32")))
      throw new Error(`--out must be a file name ending in .onnx, other than model.onnx, got "${values.out}"`);
    return {
      minCosine,
      scales,
      out: values.out,
      dir: values.dir,
      force: values.force,
      fuse: !values["no-fuse"],
      embeddings: !values["no-embeddings"],
      keep: values.keep,
      check: values.check,
      pairs: values.pairs,
    };
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const f4 = (x: number) => x.toFixed(4);

function describeDrift(d: DriftReport): string {
  const row = (name: keyof DriftReport["scoreDelta"]) => {
    const s = d.scoreDelta[name];
    return `  ${name.padEnd(8)} mean ${f4(s.mean)}  max ${f4(s.max)}  (mean fp32 score ${f4(d.referenceMean[name])})`;
  };
  return [
    `Drift from fp32 on ${d.texts} texts, ${d.pairs} pairs:`,
    `  dense cosine to fp32: mean ${f4(d.denseCosine.mean)}, min ${f4(d.denseCosine.min)}`,
    "  |score change| per mode:",
    row("dense"),
    row("sparse"),
    row("colbert"),
    row("hybrid"),
  ].join("\n");
}

/** Reads `--pairs FILE`: `[[a, b], …]`, or the goldens' `{"pairs": [{"a", "b"}, …]}`. */
function readPairs(file: string | undefined): readonly TextPair[] {
  if (!file) return DRIFT_PAIRS;
  const raw = JSON.parse(readFileSync(file, "utf8")) as unknown;
  const list = Array.isArray(raw) ? raw : (raw as { pairs?: unknown }).pairs;
  const pairs = Array.isArray(list)
    ? list.map((p) => (Array.isArray(p) ? p : [(p as { a?: unknown }).a, (p as { b?: unknown }).b]))
    : [];
  if (pairs.length === 0 || pairs.some((p) => p.length !== 2 || p.some((t: unknown) => typeof t !== "string")))
    throw new Error(`${file}: expected [[a, b], …] or {"pairs": [{"a", "b"}, …]} with string texts`);
  return pairs as unknown as TextPair[];
}

/** Writes the int8 graph; false when nothing in the graph could be quantised. */
function writeInt8(args: Args, src: string, dst: string): boolean {
  const reporter = createProgressReporter(process.stderr);
  const meter = new SpeedMeter();
  const started = Date.now();
  reporter.line(`Quantising ${src} → ${dst}`);
  const report = quantizeModel(src, dst, {
    scales: args.scales,
    fuseSiblings: args.fuse,
    embeddings: args.embeddings,
    onProgress: (done, total, tensor) => {
      const bytesPerSecond = meter.sample(done);
      reporter.update({
        phase: "quantize",
        path: tensor,
        fileIndex: 1,
        fileCount: 1,
        fileBytes: done,
        fileSize: total,
        doneBytes: done,
        totalBytes: total,
        bytesPerSecond,
        etaSeconds: bytesPerSecond > 0 ? (total - done) / bytesPerSecond : undefined,
      });
    },
  });
  reporter.done();
  if (report.matmulsQuantized === 0) {
    removeInt8(dst);
    console.error("No MatMul with a constant weight was found: this does not look like bge-m3's encoder.");
    return false;
  }
  console.log(
    `Wrote ${formatBytes(report.outputBytes)} (fp32: ${formatBytes(report.inputBytes)}) in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s: ${report.matmulsQuantized} MatMuls quantised ` +
      `(${report.fusedGroups} groups fused, ${report.biasesFolded} biases folded, ${report.matmulsKept} ` +
      `activation×activation MatMuls kept in fp32), ${report.embeddingsQuantized} embedding tables, ` +
      `${args.scales} scales.`,
  );
  return true;
}

function removeInt8(dst: string): void {
  rmSync(dst, { force: true });
  rmSync(`${dst}_data`, { force: true });
}

/**
 * Encodes the pairs with both variants; 0 when the drift is within bounds, else 1, and then the files just written go
 * (unless --keep; `--check` never deletes).
 */
async function checkDrift(
  args: Args,
  dir: string,
  dst: string,
  pairs: readonly TextPair[],
  justWritten: boolean,
): Promise<number> {
  const threads = defaultThreads();
  const fp32 = await Engine.load({ modelDir: dir, threads, variant: "fp32" });
  const int8 = await Engine.load({ modelDir: dir, threads, variant: "int8", int8File: dst });
  const drift = await measureDrift(fp32, int8, pairs);
  console.log(`${path.basename(dst)}: ${int8.execution.int8Scales ?? "unrecorded"} scales.`);
  console.log(describeDrift(drift));
  if (drift.denseCosine.mean >= args.minCosine) {
    console.log(
      args.out === DEFAULT_OUT
        ? `Use it with BGE_M3_VARIANT=int8 (with BGE_M3_MODEL_DIR=${args.dir} if that is not the default).`
        : `BGE_M3_VARIANT=int8 runs ${DEFAULT_OUT}: rename ${args.out} (and its _data file) to use this one.`,
    );
    return 0;
  }
  const verdict = `The mean dense cosine ${f4(drift.denseCosine.mean)} is below ${args.minCosine}`;
  if (!justWritten || args.keep) {
    console.error(`${verdict}; the int8 files are kept${justWritten ? " because of --keep" : ""}. Use them with care.`);
  } else {
    removeInt8(dst);
    console.error(`${verdict}: the int8 variant is not offered, and its files were deleted (--keep keeps them).`);
  }
  return 1;
}

async function main(): Promise<number> {
  const args = readArgs();
  const dir = path.resolve(args.dir);
  const src = path.join(dir, variantFile("fp32"));
  const dst = path.join(dir, path.dirname(variantFile("int8")), args.out);
  if (!existsSync(src)) {
    console.error(`${src} does not exist. Download the model first: npm run model:download`);
    return 2;
  }
  const refusal = args.check ? null : scalesRefusal(args.scales, cpuFlags());
  if (refusal) {
    console.error(`--scales ${args.scales} refused: ${refusal}. Use --scales pair (the default) on this CPU.`);
    return 2;
  }
  let pairs: readonly TextPair[];
  try {
    pairs = readPairs(args.pairs);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const upToDate =
    existsSync(dst) && statSync(dst).mtimeMs >= statSync(src).mtimeMs && int8ScalesOf(dst) === args.scales;
  if (args.check) {
    if (!existsSync(dst)) {
      console.error(`${dst} does not exist; run npm run model:quantize -- --dir ${args.dir} first.`);
      return 2;
    }
    return checkDrift(args, dir, dst, pairs, false);
  }
  if (upToDate && !args.force) {
    console.log(
      `${dst} is already newer than ${src}, with ${args.scales} scales; nothing to do (--force rewrites it, ` +
        "--check measures its drift).",
    );
    return 0;
  }
  if (!writeInt8(args, src, dst)) return 1;
  return checkDrift(args, dir, dst, pairs, true);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`Quantisation failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
