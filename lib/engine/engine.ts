/**
 * The bge-m3 engine: text → tokens → hidden states (ONNX) → Representation, in length-sorted batches.
 * One instance per model directory; inference runs one batch at a time so batches never fight for the cores.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { MaxSimMatrix, MultiVector, Representation } from "@/lib/m3/types";
import { type BatchLimits, planBatches } from "./batches";
import { loadLinearHead } from "./heads";
import { HeadsRunner } from "./heads-session";
import { MaxSimRunner } from "./maxsim-session";
import { createSession, type Device, hiddenStateOutput, runEncoder, type Session } from "./ort";
import { representationOf } from "./representation";
import { loadTokenizer, type TextTokenizer, type TokenizedText } from "./tokenizer";
import { type ModelVariant, variantPath } from "./variant";

/** The model's limit: 8192 tokens including `<s>` and `</s>` (max_position_embeddings 8194 − 2). */
export const MAX_LENGTH_LIMIT = 8192;

export interface EngineOptions {
  modelDir: string;
  threads: number;
  /** The model's revision, when its files were verified against a pinned manifest. */
  revision?: string | null;
  /** Execution provider wish (default cpu). */
  device?: Device;
  batch?: Partial<BatchLimits>;
  /** Which graph runs: the official fp32 one (default) or the int8 one `npm run model:quantize` made. */
  variant?: ModelVariant;
}

/** Where inference runs, and why not on the GPU when `auto` fell back to the CPU. */
export interface ExecutionInfo {
  device: "cpu" | "cuda";
  threads: number;
  fallback: string | null;
  variant: ModelVariant;
}

export interface ModelConfig {
  hiddenSize: number;
  vocabSize: number;
  maxPositionEmbeddings: number;
  nameOrPath: string | null;
}

const DEFAULT_BATCH: BatchLimits = { maxTokens: 16_384, maxRows: 64 };
const PAD_ID = 1n;

async function readConfig(modelDir: string): Promise<ModelConfig> {
  const file = path.join(modelDir, "config.json");
  const raw = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  const int = (key: string) => {
    const v = raw[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0)
      throw new Error(`${file}: "${key}" must be a positive integer`);
    return v;
  };
  return {
    hiddenSize: int("hidden_size"),
    vocabSize: int("vocab_size"),
    maxPositionEmbeddings: int("max_position_embeddings"),
    nameOrPath: typeof raw._name_or_path === "string" && raw._name_or_path ? raw._name_or_path : null,
  };
}

export class Engine {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly modelDir: string,
    readonly config: ModelConfig,
    readonly tokenizer: TextTokenizer,
    private readonly session: Session,
    private readonly outputName: string,
    private readonly heads: HeadsRunner,
    private readonly maxSimRunner: MaxSimRunner,
    readonly batchLimits: BatchLimits,
    readonly execution: ExecutionInfo,
    /** The model's pinned revision, when a download recorded one in the directory. */
    readonly revision: string | null,
  ) {}

  /** Loads config, tokenizer, ONNX session and both heads from a directory in the official bge-m3 layout. */
  static async load(opts: EngineOptions): Promise<Engine> {
    const dir = opts.modelDir;
    const config = await readConfig(dir);
    const variant = opts.variant ?? "fp32";
    const graph = variantPath(dir, variant);
    const [tokenizer, created, sparse, colbert] = await Promise.all([
      loadTokenizer(dir),
      createSession(graph, { threads: opts.threads, device: opts.device }),
      loadLinearHead(path.join(dir, "sparse_linear.pt"), config.hiddenSize),
      loadLinearHead(path.join(dir, "colbert_linear.pt"), config.hiddenSize),
    ]);
    if (sparse.outFeatures !== 1)
      throw new Error(`sparse_linear.pt must project to 1 value, not ${sparse.outFeatures}`);
    const { session, device, fallback } = created;
    const heads = await HeadsRunner.create(sparse, colbert, opts.threads);
    const maxSim = await MaxSimRunner.create(colbert.outFeatures, opts.threads);
    const outputName = hiddenStateOutput(session);
    const batch = { ...DEFAULT_BATCH, ...opts.batch };
    const revision = opts.revision ?? null;
    const execution: ExecutionInfo = { device, threads: opts.threads, fallback, variant };
    return new Engine(dir, config, tokenizer, session, outputName, heads, maxSim, batch, execution, revision);
  }

  get threads(): number {
    return this.execution.threads;
  }

  /** The largest max_length this model accepts. */
  get maxLength(): number {
    return Math.min(MAX_LENGTH_LIMIT, this.config.maxPositionEmbeddings - 2);
  }

  tokenize(text: string, maxLength = this.maxLength): TokenizedText {
    return this.tokenizer.encode(text, this.checkMaxLength(maxLength));
  }

  /** Encodes texts in length-sorted batches and returns their representations in input order. */
  async encode(texts: readonly string[], maxLength = this.maxLength): Promise<Representation[]> {
    const tokenized = texts.map((t) => this.tokenize(t, maxLength));
    return this.encodeTokenized(tokenized);
  }

  /** Encodes already tokenized texts (input order preserved). */
  async encodeTokenized(tokenized: readonly TokenizedText[]): Promise<Representation[]> {
    const out = new Array<Representation>(tokenized.length);
    const plans = planBatches(
      tokenized.map((t) => t.ids.length),
      this.batchLimits,
    );
    for (const plan of plans) {
      const reps = await this.exclusive(() =>
        this.runBatch(
          plan.indices.map((i) => tokenized[i]!),
          plan.seq,
        ),
      );
      plan.indices.forEach((i, k) => {
        out[i] = reps[k]!;
      });
    }
    return out;
  }

  /** The MaxSim matrix of two texts' ColBERT vectors; long texts' run in onnxruntime, after earlier inference. */
  maxSim(a: MultiVector, b: MultiVector): Promise<MaxSimMatrix> {
    return this.exclusive(() => this.maxSimRunner.matrix(a, b));
  }

  private checkMaxLength(maxLength: number): number {
    if (!Number.isInteger(maxLength) || maxLength < 3 || maxLength > this.maxLength) {
      throw new RangeError(`max_length must be an integer from 3 to ${this.maxLength}, got ${maxLength}`);
    }
    return maxLength;
  }

  /** Runs `fn` after every earlier inference has finished. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runBatch(texts: TokenizedText[], seq: number): Promise<Representation[]> {
    const rows = texts.length;
    const ids = new BigInt64Array(rows * seq).fill(PAD_ID);
    const mask = new BigInt64Array(rows * seq);
    texts.forEach((t, r) => {
      for (let i = 0; i < t.ids.length; i++) {
        ids[r * seq + i] = BigInt(t.ids[i]!);
        mask[r * seq + i] = 1n;
      }
    });
    const hidden = await runEncoder(this.session, this.outputName, ids, mask, rows, seq);
    const heads = await this.heads.run(hidden);
    return texts.map((t, r) => representationOf(hidden, heads, r, t));
  }
}
