/**
 * The bge-m3 engine: text → tokens → hidden states and heads (in the inference thread) → Representation.
 * One instance per model directory. The inference thread's scheduler orders the work; the batcher forms the batches.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { cpuFlags } from "@/lib/config/machine";
import { SETTINGS } from "@/lib/config/settings";
import { MODEL_MAX_LENGTH } from "@/lib/m3/max-length";
import type { DenseRepresentation, MaxSimMatrix, MultiVector, Representation } from "@/lib/m3/types";
import { encoderStages, hiddenOutputOf, type StageGraph } from "@/lib/model/encoder-stages";
import { checkInt8Scales, type Int8Scales, int8ScalesOf } from "@/lib/model/int8-scales";
import { externalDataFiles, readOnnxModel } from "@/lib/model/onnx-io";
import { type BatchLimits, laneOf, planBatches, SHORT_LANE_MAX_SEQ } from "./batches";
import { checkedMaxLength } from "./errors";
import { loadLinearHead } from "./heads";
import { headsModel } from "./heads-session";
import { MaxSimRunner } from "./maxsim-session";
import { type AttentionMode, batchWorkingBytes, DEFAULT_SCORE_ELEMENTS, type EncoderShape } from "./memory";
import {
  changedModelFile,
  type ModelFileChangedError,
  type ModelFileIdentity,
  modelFileIdentities,
} from "./model-files.mjs";
import { createEncoder, type Device } from "./ort";
import { createRemoteEncoder, type EncoderTarget, type RemoteEncoder, remoteWorkingBytes } from "./remote";
import { representationOf } from "./representation";
import type { EncodeCall, Encoder, EncoderStageSpec, Needs, PrefixSpec } from "./session";
import { runsInOneStep } from "./step-sizes.mjs";
import { loadTokenizer, type TextTokenizer, type TokenizedText } from "./tokenizer";
import { type ModelVariant, variantPath } from "./variant";

/** The model's limit: 8192 tokens including `<s>` and `</s>` (max_position_embeddings 8194 − 2). */
export const MAX_LENGTH_LIMIT = MODEL_MAX_LENGTH;

export interface EngineOptions {
  modelDir: string;
  threads: number;
  /** The model's revision, when its files were verified against a pinned manifest. */
  revision?: string | null;
  /** Execution provider wish (default cpu). */
  device?: Device;
  batch?: Partial<Omit<BatchLimits, "memory">>;
  /** Which graph runs: the official fp32 one (default) or the int8 one `npm run model:quantize` made. */
  variant?: ModelVariant;
  /** The int8 graph to run instead of onnx/model_int8.onnx (the quantiser checks one written under another name). */
  int8File?: string;
  /** The CPU's flags, which decide whether an int8 graph's scales run exactly (default: /proc/cpuinfo's). */
  cpuFlags?: readonly string[];
  /** `chunked` (default): attention a chunk of query rows at a time; `full`: the graph in one run. */
  attention?: AttentionMode;
  /** Working memory the running batches may use together, in bytes (default: no limit). */
  memoryBudgetBytes?: number;
  /** Most attention scores one step may hold (default DEFAULT_SCORE_ELEMENTS). */
  scoreElements?: number;
  /**
   * With chunked attention, batches padded to at most this many tokens run the prefix (all but the last layer) in one
   * step (default SHORT_LANE_MAX_SEQ, the short lane); 0 runs every batch through the stages.
   */
  prefixMaxSeq?: number;
  /** Where the encoder runs: here (default), or on a remote engine with the heads still here. */
  encoder?: EncoderTarget;
}

/** Where inference runs, and why not on the GPU when `auto` fell back to the CPU. */
export interface ExecutionInfo {
  device: "cpu" | "cuda";
  threads: number;
  fallback: string | null;
  variant: ModelVariant;
  /** The int8 graph's weight scales (lib/model/int8-scales.ts); null for fp32 or an int8 graph another tool wrote. */
  int8Scales: Int8Scales | null;
  attention: AttentionMode;
  /** Why attention runs `full` although `chunked` was asked for (the graph could not be cut). */
  attentionFallback: string | null;
  /** Whether a batch without padding runs flash attention (lib/model/flash-attention.ts). */
  flashAttention: boolean;
}

export interface ModelConfig {
  hiddenSize: number;
  vocabSize: number;
  maxPositionEmbeddings: number;
  numAttentionHeads: number;
  intermediateSize: number;
  nameOrPath: string | null;
}

const DEFAULT_BATCH = {
  maxTokens: SETTINGS.BGE_M3_MAX_BATCH_TOKENS.fallback,
  maxRows: SETTINGS.BGE_M3_MAX_BATCH_ROWS.fallback,
};
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
    numAttentionHeads: int("num_attention_heads"),
    intermediateSize: int("intermediate_size"),
    nameOrPath: typeof raw._name_or_path === "string" && raw._name_or_path ? raw._name_or_path : null,
  };
}

/**
 * Most tokens (rows × padded length) of a batch that runs the prefix in one step. A step cannot be cancelled or
 * interleaved, and bge-m3 takes about 4 ms a token on two cores, so this bounds a step at about 4 s; the GEMMs are
 * already at full speed well below it.
 */
export const PREFIX_MAX_TOKENS = 1024;

interface EncoderPlan {
  stages: EncoderStageSpec[];
  prefix: PrefixSpec | null;
  unmaskedAttention: EncoderStageSpec | null;
  hiddenOutput: string;
  attention: AttentionMode;
  fallback: string | null;
}

/**
 * The stages to run: the cut graph for chunked attention, with the prefix for short-lane batches (3 runs instead of
 * ~50, and full attention is small there); else the whole graph as one stage.
 */
function encoderPlan(graph: string, heads: number, attention: AttentionMode, prefixMaxSeq: number): EncoderPlan {
  let fallback: string | null = null;
  if (attention === "chunked") {
    try {
      const cut = encoderStages(graph, heads);
      const dir = path.dirname(graph);
      // Only the attention stages, shared by every layer, keep an arena: they are reused at every step. The others'
      // arenas would each keep their peak for good.
      const spec = (s: StageGraph, arena: boolean) => ({
        model: path.join(dir, s.file),
        inputs: s.inputs,
        outputs: s.outputs,
        arena,
      });
      const stages = cut.stages.map((s, k) => spec(s, k === 1));
      const flashHeads = cut.unmaskedAttention.heads;
      const unmaskedAttention = { ...spec(cut.unmaskedAttention, true), ...(flashHeads ? { heads: flashHeads } : {}) };
      const prefix =
        prefixMaxSeq > 0
          ? {
              model: path.join(dir, cut.prefix.file),
              outputs: cut.prefix.outputs,
              maxSeq: prefixMaxSeq,
              maxTokens: PREFIX_MAX_TOKENS,
            }
          : null;
      return { stages, prefix, unmaskedAttention, hiddenOutput: cut.hiddenOutput, attention, fallback };
    } catch (e) {
      fallback = `the graph could not be cut into stages (${(e as Error).message}); attention runs whole`;
    }
  }
  const hiddenOutput = hiddenOutputOf(graph);
  const whole = { model: graph, inputs: [], outputs: [hiddenOutput], arena: true };
  return { stages: [whole], prefix: null, unmaskedAttention: null, hiddenOutput, attention: "full", fallback };
}

/** Every file the inference thread reads for the encoder: its stages' graphs and the graph's external data. */
function encoderFiles(graph: string, stages: readonly { model: string }[]): string[] {
  return [...new Set([...stages.map((s) => s.model), ...externalDataFiles(readOnnxModel(graph))])];
}

/** The encoder in place: embedded (the planned stages) or remote, with how much working memory a batch needs here. */
interface PlacedEncoder {
  encoder: Encoder;
  remote: RemoteEncoder | null;
  device: "cpu" | "cuda";
  fallback: string | null;
  attention: AttentionMode;
  attentionFallback: string | null;
  flashAttention: boolean;
  bytesOf(rows: number, seq: number): number;
  /** The files the inference thread reads, as they were at load (none for a remote encoder). */
  files: ModelFileIdentity[];
  /** The prefix that short batches run, when the encoder has one. */
  prefix: PrefixSpec | null;
}

async function placeEncoder(
  graph: string,
  heads: Uint8Array,
  shape: EncoderShape,
  opts: EngineOptions,
): Promise<PlacedEncoder> {
  const target = opts.encoder ?? { protocol: "local" };
  if (target.protocol !== "local") {
    const remote = await createRemoteEncoder(target, { hidden: shape.hidden, heads, threads: opts.threads });
    const bytesOf = (rows: number, seq: number) => remoteWorkingBytes(rows, seq, shape.hidden, shape.colbertDim);
    return {
      encoder: remote,
      remote,
      device: "cpu",
      fallback: null,
      attention: "full",
      attentionFallback: null,
      flashAttention: false,
      bytesOf,
      files: [],
      prefix: null,
    };
  }
  const plan = encoderPlan(graph, shape.heads, opts.attention ?? "chunked", opts.prefixMaxSeq ?? SHORT_LANE_MAX_SEQ);
  const scoreElements = opts.scoreElements ?? DEFAULT_SCORE_ELEMENTS;
  const stageSpecs = [...plan.stages, plan.unmaskedAttention, plan.prefix].filter((s) => s !== null);
  const files = modelFileIdentities(encoderFiles(graph, stageSpecs));
  const { prefix, unmaskedAttention, hiddenOutput } = plan;
  const { encoder, device, fallback } = await createEncoder(
    { stages: plan.stages, prefix, unmaskedAttention, files, hiddenOutput, heads, scoreElements },
    { threads: opts.threads, device: opts.device },
  );
  const bytesOf = (rows: number, seq: number) =>
    batchWorkingBytes(rows, seq, shape, runsInOneStep(plan.prefix, rows, seq) ? "full" : plan.attention, scoreElements);
  return {
    encoder,
    remote: null,
    prefix: plan.prefix,
    device,
    fallback,
    attention: plan.attention,
    attentionFallback: plan.fallback,
    flashAttention: plan.unmaskedAttention?.heads !== undefined,
    bytesOf,
    files,
  };
}

export class Engine {
  private constructor(
    readonly modelDir: string,
    readonly config: ModelConfig,
    readonly tokenizer: TextTokenizer,
    private readonly encoder: Encoder,
    private readonly maxSimRunner: MaxSimRunner,
    readonly batchLimits: BatchLimits,
    readonly execution: ExecutionInfo,
    /** The model's pinned revision, when a download recorded one in the directory. */
    readonly revision: string | null,
    readonly shape: EncoderShape,
    private readonly files: readonly ModelFileIdentity[],
    /** The remote encoder, when the hidden states come from one. */
    readonly remote: RemoteEncoder | null,
  ) {}

  /** Loads config, tokenizer, the encoder's stages and both heads from a directory in the official bge-m3 layout. */
  static async load(opts: EngineOptions): Promise<Engine> {
    const dir = opts.modelDir;
    const config = await readConfig(dir);
    const variant = opts.variant ?? "fp32";
    const graph = variant === "int8" && opts.int8File ? opts.int8File : variantPath(dir, variant);
    const int8Scales = variant === "int8" ? int8ScalesOf(graph) : null;
    // A remote encoder does not run this graph: only a local one must run its scales exactly.
    if ((opts.encoder?.protocol ?? "local") === "local")
      checkInt8Scales(graph, int8Scales, opts.cpuFlags ?? cpuFlags());
    const [tokenizer, sparse, colbert] = await Promise.all([
      loadTokenizer(dir),
      loadLinearHead(path.join(dir, "sparse_linear.pt"), config.hiddenSize),
      loadLinearHead(path.join(dir, "colbert_linear.pt"), config.hiddenSize),
    ]);
    if (sparse.outFeatures !== 1)
      throw new Error(`sparse_linear.pt must project to 1 value, not ${sparse.outFeatures}`);
    const shape: EncoderShape = {
      hidden: config.hiddenSize,
      heads: config.numAttentionHeads,
      intermediate: config.intermediateSize,
      colbertDim: colbert.outFeatures,
    };
    const placed = await placeEncoder(graph, headsModel(sparse, colbert), shape, opts);
    const { encoder, device, fallback } = placed;
    const maxSim = await MaxSimRunner.create(colbert.outFeatures, opts.threads);
    const budget = opts.memoryBudgetBytes;
    const batch: BatchLimits = {
      ...DEFAULT_BATCH,
      ...opts.batch,
      memory: budget === undefined ? undefined : { budgetBytes: budget, bytesOf: placed.bytesOf },
      ...(placed.prefix && { oneStep: { maxSeq: placed.prefix.maxSeq, maxTokens: placed.prefix.maxTokens } }),
    };
    const execution: ExecutionInfo = {
      device,
      threads: opts.threads,
      fallback,
      variant,
      int8Scales,
      attention: placed.attention,
      attentionFallback: placed.attentionFallback,
      flashAttention: placed.flashAttention,
    };
    const revision = opts.revision ?? null;
    const { files, remote } = placed;
    return new Engine(dir, config, tokenizer, encoder, maxSim, batch, execution, revision, shape, files, remote);
  }

  /** The first model file that changed on disk since the model was loaded (the encoder refuses work then), or null. */
  changedModelFile(): ModelFileChangedError | null {
    return changedModelFile(this.files);
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

  /** `tokenize`, giving the event loop a turn every few milliseconds: how the server tokenizes. */
  tokenizeInSlices(text: string, maxLength = this.maxLength): Promise<TokenizedText> {
    return this.tokenizer.encodeInSlices(text, this.checkMaxLength(maxLength));
  }

  /** Encodes texts in length-sorted batches and returns their representations in input order (scripts and tests). */
  async encode(texts: readonly string[], maxLength = this.maxLength): Promise<Representation[]> {
    return (await this.encodeAs("all", texts, maxLength)) as Representation[];
  }

  /** `encode` for the dense vectors alone, as a dense-only request is answered. */
  encodeDense(texts: readonly string[], maxLength = this.maxLength): Promise<DenseRepresentation[]> {
    return this.encodeAs("dense", texts, maxLength);
  }

  private async encodeAs(needs: Needs, texts: readonly string[], maxLength: number) {
    const tokenized = texts.map((t) => this.tokenize(t, maxLength));
    const out = new Array<Representation | DenseRepresentation>(tokenized.length);
    const plans = planBatches(
      tokenized.map((t) => t.ids.length),
      this.batchLimits,
    );
    for (const plan of plans) {
      const reps = await this.runBatch(
        plan.indices.map((i) => tokenized[i]!),
        { needs },
      );
      plan.indices.forEach((i, k) => {
        out[i] = reps[k]!;
      });
    }
    return out;
  }

  /**
   * One batch through the encoder, padded to its longest text, and both heads unless `call.needs` is `dense`; the
   * batcher's way in. All three representations of each text, or (`dense`) at least the dense one.
   */
  async runBatch(
    texts: readonly TokenizedText[],
    call: EncodeCall = {},
  ): Promise<(Representation | DenseRepresentation)[]> {
    const rows = texts.length;
    const seq = Math.max(...texts.map((t) => t.ids.length));
    const ids = new BigInt64Array(rows * seq).fill(PAD_ID);
    const mask = new BigInt64Array(rows * seq);
    texts.forEach((t, r) => {
      for (let i = 0; i < t.ids.length; i++) {
        ids[r * seq + i] = BigInt(t.ids[i]!);
        mask[r * seq + i] = 1n;
      }
    });
    const encoded = await this.encoder.encode(ids, mask, rows, seq, { lane: laneOf(seq), ...call });
    return texts.map((t, r) => representationOf(encoded, seq, r, t));
  }

  /** The MaxSim matrix of two texts' ColBERT vectors; long texts' run in onnxruntime. */
  maxSim(a: MultiVector, b: MultiVector): Promise<MaxSimMatrix> {
    return this.maxSimRunner.matrix(a, b);
  }

  private checkMaxLength(maxLength: number): number {
    return checkedMaxLength(maxLength, this.maxLength);
  }
}
