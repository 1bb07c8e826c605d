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
  8: "long inputs at bounded memory",
  9: "remote encoder overhead, one short text",
  10: "delivering 8,191 ColBERT vectors: JSON numbers vs base64",
  11: "the tokenizer on the real XLM-R vocabulary",
  12: "two 2,048-token texts through /api/similarity",
};

/**
 * What runs without --cases: not 7 (it needs the int8 graph), 8 (many servers, many 8,192-token texts) nor 12 (about
 * 10 s per contender and round on the full-size model).
 */
const DEFAULT_CASES = "1,2,3,4,5,6,9,10,11";

export const HELP = `npm run bench -- [--model DIR] [--variant fp32|int8] [--cases 1,…,12] [--repeats N] [--quick]
                     [--also GRAPH[,GRAPH]] [--json-out FILE]

  --model DIR     model directory in the official layout (default models/bge-m3)
  --variant V     fp32 (onnx/model.onnx, default) or int8 (onnx/model_int8.onnx)
  --cases LIST    which cases to run (default ${DEFAULT_CASES}): ${Object.entries(CASE_NAMES)
    .map(([n, name]) => `${n} ${name}`)
    .join("; ")}
  --repeats N     timed repeats per contender in cases 2, 5 and 12 and case 7's mixed list, rounds per mode in
                  case 3 and rounds per contender in case 8's long-text measurements (default 3, --quick 1); cases 1
                  and 8 time short texts max(30, N) times, case 7 max(10, N), case 5's MatMul peak max(5, N)
  --quick         few repeats and small sizes (a try on the test model: --model models/bge-m3-tiny --quick);
                  case 8 then uses 2,048-token texts for its 8,192-token ones, fewer clients and a 5 s wait
  --also LIST     case 7: more ONNX graphs to time against fp32 and int8 (e.g. onnxruntime's quantize_dynamic output)
  --json-out FILE also write every case's result as one JSON array

Cases 1, 2 and 12 time POST /api/embed or /api/similarity on a production server of their own (built when stale,
a free port, BGE_M3_CACHE_MB=0) among their in-process contenders; their targets are judged on it.
Threads: BGE_M3_THREADS, else every core (as the server). Case 8 sets BGE_M3_ATTENTION=chunked or full on its
servers; they take the rest of their environment (e.g. BGE_M3_MEMORY_BUDGET_MB) from this shell. Prints one JSON
line per case on stdout, then a summary.`;

export interface Sizes {
  /** Cases 1 and 8: the short text's length in tokens, and its repeats. */
  shortTokens: number;
  latencyRepeats: number;
  latencyWarmup: number;
  /**
   * Case 1's untimed pause between runs. transformers.js' session spins its threads after a run by default, and they
   * steal the cores from whatever runs next: with 10 ms, the engine (run right after it) measured 1.18× the bare run
   * on the full-size replica; with 300 ms, 1.03× (same text, same run order).
   */
  latencyPauseMs: number;
  /** Case 12: each text's length in tokens. */
  pairTokens: number;
  /** Case 2: how many texts, from how many to how many tokens. */
  mixedCount: number;
  mixedMin: number;
  mixedMax: number;
  repeats: number;
  /** Case 3: clients, requests per timed pass, warm-up requests per server. */
  clients: number;
  requests: number;
  warmupRequests: number;
  /** Cases 4 and 8: the long text's length in pieces before truncation (≥ 8190 makes max_length 8192 truncate). */
  longPieces: number;
  /** Case 5: MatMul rows and repeats, encoder batch shape. */
  matmulM: number;
  matmulRepeats: number;
  encoderBatch: number;
  encoderSeq: number;
  /** Case 8: long texts sent at once; clients each sending one medium text, and its length in tokens. */
  concurrentLong: number;
  mediumClients: number;
  mediumTokens: number;
  /** Case 8: closed-loop clients of short queries during a long text, and the most queries they send per long text. */
  queryClients: number;
  maxQueries: number;
  /** Case 8: how long a server is left alone after its warm-up request before its idle RSS is read. */
  settleMs: number;
  /** Case 8: how long after the long work the RSS is read again; RSS sampling interval. */
  afterWaitMs: number;
  sampleMs: number;
  /** Case 8: how long one request may take before it counts as unanswered (status 0). */
  requestTimeoutMs: number;
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
    // --quick is a try, not a measurement: 20 ms keeps case 1 to a few seconds instead of 30 on the test model.
    latencyPauseMs: quick ? 20 : 300,
    pairTokens: 2048,
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
    concurrentLong: 2,
    mediumClients: quick ? 4 : 16,
    mediumTokens: quick ? 512 : 2048,
    queryClients: quick ? 2 : 3,
    maxQueries: quick ? 200 : 5000,
    settleMs: quick ? 250 : 1000,
    afterWaitMs: quick ? 5_000 : 30_000,
    sampleMs: 100,
    requestTimeoutMs: quick ? 120_000 : 1_800_000,
  };
}

export function parseOptions(argv: string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: "string", default: "models/bge-m3" },
      variant: { type: "string", default: "fp32" },
      cases: { type: "string", default: DEFAULT_CASES },
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
    throw new UsageError(
      `--cases must list numbers from 1 to ${Object.keys(CASE_NAMES).length}, got "${values.cases}"`,
    );
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
