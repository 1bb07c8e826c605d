/**
 * `npm run bench` command line: which model, variant and cases, how many repeats, and the sizes --quick shrinks.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { defaultThreads } from "../../lib/engine/ort";
import { MODEL_VARIANTS, type ModelVariant, variantPath } from "../../lib/engine/variant";

export const CASE_NAMES: Record<number, string> = {
  1: "latency, one short text",
  2: "throughput, mixed-length texts",
  3: "16 concurrent HTTP clients, batching on vs off",
  4: "one 8,192-token text",
  5: "distance from the hardware limit",
  6: "server memory vs model files",
  7: "int8 against fp32 (and --also graphs)",
};

export const HELP = `npm run bench -- [--model DIR] [--variant fp32|int8] [--cases 1,2,3,4,5,6,7] [--repeats N] [--quick]
                     [--also GRAPH[,GRAPH]] [--json-out FILE]

  --model DIR     model directory in the official layout (default models/bge-m3)
  --variant V     fp32 (onnx/model.onnx, default) or int8 (onnx/model_int8.onnx)
  --cases LIST    which cases to run (default all): ${Object.entries(CASE_NAMES)
    .map(([n, name]) => `${n} ${name}`)
    .join("; ")}
  --repeats N     timed repeats per contender in cases 2 and 5 and rounds per mode in case 3 (default 3, --quick 1);
                  case 1 runs max(30, N) repeats, case 5's MatMul peak max(5, N)
  --quick         few repeats and small sizes (a try on the test model: --model models/bge-m3-tiny --quick)
  --also LIST     case 7: more ONNX graphs to time against fp32 and int8 (e.g. onnxruntime's quantize_dynamic output)
  --json-out FILE also write every case's result as one JSON array

Threads: BGE_M3_THREADS, else every core (as the server). Prints one JSON line per case on stdout, then a summary.`;

export interface Sizes {
  /** Case 1: the short text's length in tokens, and its repeats. */
  shortTokens: number;
  latencyRepeats: number;
  latencyWarmup: number;
  /** Case 2: how many texts, from how many to how many tokens. */
  mixedCount: number;
  mixedMin: number;
  mixedMax: number;
  repeats: number;
  /** Case 3: clients, requests per timed pass, warm-up requests per server. */
  clients: number;
  requests: number;
  warmupRequests: number;
  /** Case 4: the text's length in pieces before truncation (≥ 8190 makes max_length 8192 truncate). */
  longPieces: number;
  /** Case 5: MatMul rows and repeats, encoder batch shape. */
  matmulM: number;
  matmulRepeats: number;
  encoderBatch: number;
  encoderSeq: number;
}

export interface BenchOptions {
  /** --model as given, and resolved against the working directory. */
  modelArg: string;
  modelDir: string;
  variant: ModelVariant;
  cases: number[];
  quick: boolean;
  threads: number;
  sizes: Sizes;
  jsonOut: string | null;
  /** Case 7: extra graph files to compare. */
  also: string[];
  /** Hidden: run one case in this (child) process and print its result. */
  child: number | null;
  /** The arguments as given, handed on to child processes. */
  argv: string[];
}

/** The fields every case's JSON line starts with. */
export const base = (opts: BenchOptions, n: number) => ({
  case: n,
  name: CASE_NAMES[n]!,
  model_dir: opts.modelDir,
  variant: opts.variant,
  threads: opts.threads,
  quick: opts.quick,
});

export class UsageError extends Error {}

function sizes(quick: boolean, repeatsArg: string | undefined): Sizes {
  const repeats = repeatsArg === undefined ? (quick ? 1 : 3) : Number(repeatsArg);
  if (!Number.isInteger(repeats) || repeats < 1) throw new UsageError(`--repeats must be a positive integer`);
  return {
    shortTokens: 16,
    latencyRepeats: Math.max(30, repeats),
    latencyWarmup: quick ? 3 : 5,
    mixedCount: quick ? 16 : 64,
    mixedMin: 10,
    mixedMax: quick ? 128 : 500,
    repeats,
    clients: 16,
    requests: quick ? 96 : 320,
    warmupRequests: 32,
    longPieces: quick ? 2048 : 8200,
    matmulM: 512,
    matmulRepeats: Math.max(5, repeats),
    encoderBatch: quick ? 1 : 4,
    encoderSeq: 512,
  };
}

export function parseOptions(argv: string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: "string", default: "models/bge-m3" },
      variant: { type: "string", default: "fp32" },
      cases: { type: "string", default: "1,2,3,4,5,6" },
      repeats: { type: "string" },
      quick: { type: "boolean", default: false },
      "json-out": { type: "string" },
      also: { type: "string" },
      child: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) return "help";
  if (!(MODEL_VARIANTS as readonly string[]).includes(values.variant))
    throw new UsageError(`--variant must be fp32 or int8, got "${values.variant}"`);
  const cases = [...new Set(values.cases.split(",").map((c) => Number(c.trim())))].sort((a, b) => a - b);
  if (cases.length === 0 || cases.some((c) => !(c in CASE_NAMES)))
    throw new UsageError(`--cases must list numbers from 1 to 7, got "${values.cases}"`);
  const child = values.child === undefined ? null : Number(values.child.replace(/^case/, ""));
  if (child !== null && !(child in CASE_NAMES)) throw new UsageError(`bad --child ${values.child}`);
  return {
    modelArg: values.model,
    modelDir: path.resolve(values.model),
    variant: values.variant as ModelVariant,
    cases,
    quick: values.quick,
    threads: defaultThreads(),
    sizes: sizes(values.quick, values.repeats),
    jsonOut: values["json-out"] ?? null,
    also: (values.also ?? "")
      .split(",")
      .map((f) => f.trim())
      .filter(Boolean)
      .map((f) => path.resolve(f)),
    child,
    argv,
  };
}

/** Null when the model directory looks usable, else the sentence to print (exit code 2). */
export function missingModel(opts: BenchOptions): string | null {
  if (
    existsSync(path.join(opts.modelDir, "onnx", "model.onnx")) &&
    existsSync(path.join(opts.modelDir, "config.json"))
  ) {
    try {
      variantPath(opts.modelDir, opts.variant);
      return null;
    } catch (e) {
      return (e as Error).message.replace("BGE_M3_VARIANT=int8", "--variant int8");
    }
  }
  return (
    `No model at ${opts.modelArg} (${opts.modelDir}). Download the real model with \`npm run model:download\`, or make a ` +
    `full-size random-weight replica (same speed and memory as the real model) as README, section Benchmark, ` +
    `explains, and pass it with --model DIR. To try the bench on the bundled test model: ` +
    `npm run bench -- --model models/bge-m3-tiny --quick`
  );
}
