/**
 * The encoder cut into stages, so attention can run a chunk of query rows at a time and long work can pause between
 * steps:
 * - stage 0, the embeddings and layer 0's Q, K and V projections;
 * - stage 1, attention itself (QKᵀ, scale, mask, softmax, ·V), the same for every layer, with no weights;
 * - stage i + 2, the rest of layer i (output projection, feed-forward block) and layer i + 1's projections;
 * - one more, `unmaskedAttention`, for batches without padding (a text alone), whose mask adds only zeros: when stage 1
 *   is plain softmax(q·kᵀ·scale + mask)·v, the same as onnxruntime's MultiHeadAttention, which runs as flash attention
 *   (lib/model/flash-attention.ts); else stage 1 without the mask's Add;
 * - and `prefix`, the graph up to the last layer's projections in one run, for short batches: then the last layer
 *   runs as attention and its stage, so a batch that needs only the dense vectors ([CLS]) runs its last layer on that
 *   row alone. When attention is plain and the mask is a key padding mask, the earlier layers' attention is one
 *   MultiHeadAttention with that mask.
 * Everything but attention's key axis is row-wise, so attention given rows [s, e) of the queries and every row's keys
 * and values gives rows [s, e) of its output, and a layer's rest given rows [s, e) gives rows [s, e) of the next
 * layer's input, queries, keys and values. Attention's scores are then chunk × length instead of length × length,
 * and the weight stages can take large row chunks, so each chunk reads its weights for many rows. Each weight belongs
 * to exactly one stage, so the stages together hold the model once.
 *
 * The stage graphs are small (the weights stay in the official external data file, which they reference by the same
 * relative path), so they are derived from the official graph and cached beside it with a manifest that records the
 * SHA-256 of the graph they came from and of each stage file.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type onnxProto from "onnx-proto";
import { z } from "zod";
import { writeAtomically } from "./atomic-write";
import {
  type KeyPadding,
  keyPaddingOf,
  MS_DOMAIN,
  multiHeadAttentionNodes,
  plainAttentionScale,
} from "./flash-attention";
import { sha256Of } from "./hash";
import { elementCount, type NodeProto, onnx, readOnnxModel, TensorReader } from "./onnx-io";

/** Bumped whenever the cut changes, so caches made by an older version are rebuilt. */
export const STAGES_VERSION = 5;

/** The tensors one layer's attention reads and gives. */
const AttentionTensorsSchema = z.object({
  /** The layer's input hidden states [B, S, hidden], which Q, K and V are projected from. */
  input: z.string(),
  /** Queries [B, H, S, D], keys transposed [B, H, D, S] and values [B, H, S, D]. */
  q: z.string(),
  kt: z.string(),
  v: z.string(),
  /** The additive mask [B, 1, 1, S] (0 for tokens, a large negative number for padding). */
  maskBias: z.string(),
  /** Attention's output, probabilities × values [B, H, S, D]. */
  context: z.string(),
});
export type AttentionTensors = z.infer<typeof AttentionTensorsSchema>;

const StageGraphSchema = z.object({
  /** File name, beside the source graph. */
  file: z.string(),
  inputs: z.array(z.string()),
  outputs: z.array(z.string()),
});
export type StageGraph = z.infer<typeof StageGraphSchema>;

/** The manifest, `<graph>.stages.json`. */
const EncoderStagesSchema = z.object({
  version: z.number(),
  /** The graph the stages were cut from (file name, beside them) and its SHA-256. */
  source: z.string(),
  sourceSha256: z.string(),
  layers: z.number().int().positive(),
  /** The final output's name: token_embeddings or last_hidden_state. */
  hiddenOutput: z.string(),
  /** Per layer, the tensors its attention reads and gives. */
  attention: z.array(AttentionTensorsSchema),
  stages: z.array(StageGraphSchema.extend({ sha256: z.string() })),
  /**
   * Attention without the mask: inputs q, kᵀ and v. `heads`: its MultiHeadAttention's head count (from config.json)
   * when it is flash attention, null when it is stage 1 without the mask's Add.
   */
  unmaskedAttention: StageGraphSchema.extend({ sha256: z.string(), heads: z.number().int().positive().nullable() }),
  /**
   * Everything before the last layer's attention, in one graph: the inputs of stage 0; the last layer's input,
   * projections and the mask, as stage 0 gives them for layer 0. `multiHeadAttention`: whether its layers' attention
   * is MultiHeadAttention with the key padding mask.
   */
  prefix: StageGraphSchema.extend({ sha256: z.string(), multiHeadAttention: z.boolean() }),
});
export type EncoderStages = z.infer<typeof EncoderStagesSchema>;

type Graph = onnxProto.onnx.IGraphProto;

/** The graph input the engine feeds with 1 for each token and 0 for padding. */
const ATTENTION_MASK = "attention_mask";

/** Names of the outputs that carry per-token hidden states, in order of preference. */
export const HIDDEN_STATE_OUTPUTS = ["token_embeddings", "last_hidden_state"] as const;

/** The graph file's token-level output, or an error naming the outputs it has. */
export function hiddenOutputOf(graphFile: string): string {
  return hiddenOutputIn(readOnnxModel(graphFile).proto.graph ?? {});
}

function hiddenOutputIn(graph: Graph): string {
  const outputs = (graph.output ?? []).map((o) => o.name ?? "");
  const found = HIDDEN_STATE_OUTPUTS.find((name) => outputs.includes(name));
  if (!found) {
    throw new UnstageableGraphError(
      `the ONNX model has no token-level output (expected one of ${HIDDEN_STATE_OUTPUTS.join(", ")}); ` +
        `its outputs are: ${outputs.join(", ") || "(none)"}`,
    );
  }
  return found;
}
/** Ops that project hidden states with a weight: their first input is the activation. */
const PROJECTIONS = new Set(["MatMul", "Gemm", "DynamicQuantizeMatMul", "MatMulInteger", "FusedMatMul"]);
/** Ops between a projection and attention's Q, K or V that only move their first input's data around. */
const RESHAPES = new Set(["Transpose", "Reshape", "Split", "Squeeze", "Unsqueeze", "Identity"]);
/** Ops between a projection and attention's Q, K or V that combine their one non-constant input with constants. */
const CONSTANT_ARITHMETIC = new Set(["Add", "Mul", "Div"]);

/** Why a graph cannot be cut; the engine then runs it whole. */
export class UnstageableGraphError extends Error {}

class Producers {
  readonly byOutput = new Map<string, NodeProto>();
  readonly initializers = new Set<string>();
  readonly graphInputs: Set<string>;

  constructor(graph: Graph) {
    for (const node of graph.node ?? []) for (const out of node.output ?? []) if (out) this.byOutput.set(out, node);
    for (const t of graph.initializer ?? []) this.initializers.add(t.name ?? "");
    this.graphInputs = new Set((graph.input ?? []).map((i) => i.name ?? "").filter((n) => !this.initializers.has(n)));
  }

  /** True for an initializer or a tensor computed from initializers and constants alone. */
  isConstant(name: string, seen = new Set<string>()): boolean {
    if (this.initializers.has(name)) return true;
    if (this.graphInputs.has(name) || seen.has(name)) return false;
    seen.add(name);
    const node = this.byOutput.get(name);
    if (!node) return false;
    return (node.input ?? []).filter(Boolean).every((i) => this.isConstant(i, seen));
  }
}

const producerOf = (p: Producers, name: string, what: string): NodeProto => {
  const node = p.byOutput.get(name);
  if (!node) throw new UnstageableGraphError(`${what} (${name}) is not computed by any node`);
  return node;
};

/** Walks back from Q, K or V through reshapes and constant adds to the projection, and returns what it projects. */
function projectedFrom(p: Producers, tensor: string): string {
  let name = tensor;
  for (let hops = 0; hops < 16; hops++) {
    const node = producerOf(p, name, "an attention input");
    const op = node.opType ?? "";
    if (PROJECTIONS.has(op)) return node.input?.[0] ?? "";
    const data = RESHAPES.has(op)
      ? (node.input ?? []).slice(0, 1)
      : CONSTANT_ARITHMETIC.has(op)
        ? (node.input ?? []).filter((i) => i && !p.isConstant(i))
        : [];
    if (data.length !== 1) break;
    name = data[0]!;
  }
  throw new UnstageableGraphError(`no weight projection found behind attention input ${tensor}`);
}

/** MatMul(Q, Kᵀ) → [scale] → Add(mask) → Softmax → MatMul(·, V), once per layer, in graph order. */
export function findAttention(graph: Graph): AttentionTensors[] {
  const p = new Producers(graph);
  const layers: AttentionTensors[] = [];
  const consumers = new Map<string, NodeProto[]>();
  for (const node of graph.node ?? []) {
    for (const i of node.input ?? []) consumers.set(i, [...(consumers.get(i) ?? []), node]);
  }
  for (const softmax of graph.node ?? []) {
    if (softmax.opType !== "Softmax") continue;
    const add = producerOf(p, softmax.input?.[0] ?? "", "the softmax input");
    if (add.opType !== "Add") throw new UnstageableGraphError("attention softmax is not fed by a mask Add");
    const [x, y] = add.input ?? [];
    const scoresOf = (name: string) => {
      let node = p.byOutput.get(name);
      if (node && (node.opType === "Div" || node.opType === "Mul") && p.isConstant(node.input?.[1] ?? "")) {
        node = p.byOutput.get(node.input?.[0] ?? "");
      }
      return node?.opType === "MatMul" ? node : null;
    };
    const qk = scoresOf(x ?? "") ?? scoresOf(y ?? "");
    if (!qk) throw new UnstageableGraphError("attention scores are not a MatMul of queries and keys");
    const maskBias = scoresOf(x ?? "") ? (y ?? "") : (x ?? "");
    const pv = (consumers.get(softmax.output?.[0] ?? "") ?? [])[0];
    if (pv?.opType !== "MatMul" || pv.input?.[0] !== softmax.output?.[0]) {
      throw new UnstageableGraphError("attention probabilities are not multiplied with the values");
    }
    const [q, kt] = qk.input as [string, string];
    const v = pv.input?.[1] ?? "";
    const input = projectedFrom(p, q);
    if (projectedFrom(p, kt) !== input || projectedFrom(p, v) !== input) {
      throw new UnstageableGraphError(`queries, keys and values of layer ${layers.length} come from different inputs`);
    }
    layers.push({ input, q, kt, v, maskBias, context: pv.output?.[0] ?? "" });
  }
  if (layers.length === 0) throw new UnstageableGraphError("no attention layer found");
  if (new Set(layers.map((l) => l.maskBias)).size !== 1) {
    throw new UnstageableGraphError("the layers do not share one attention mask");
  }
  return layers;
}

/** The nodes needed to compute `outputs` from `inputs` (and constants), in graph order. */
function sliceNodes(graph: Graph, p: Producers, inputs: readonly string[], outputs: readonly string[]): NodeProto[] {
  const stop = new Set(inputs);
  const needed = new Set<NodeProto>();
  const pending = [...outputs];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (!name || stop.has(name) || p.initializers.has(name)) continue;
    if (p.graphInputs.has(name)) {
      throw new UnstageableGraphError(`a stage computing ${outputs.join(", ")} needs the graph input ${name}`);
    }
    const node = producerOf(p, name, "a stage tensor");
    if (needed.has(node)) continue;
    if ((node.attribute ?? []).some((a) => a.g || (a.graphs ?? []).length > 0)) {
      throw new UnstageableGraphError(`node ${node.name} has a subgraph`);
    }
    needed.add(node);
    pending.push(...(node.input ?? []));
  }
  return (graph.node ?? []).filter((n) => needed.has(n));
}

const floatInput = (name: string): onnxProto.onnx.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } },
});

/**
 * One stage as a model: the source's opsets and metadata, the needed nodes (`nodes`, else those between `inputs` and
 * `outputs`) and the initializers they read.
 */
function stageModel(
  model: onnxProto.onnx.IModelProto,
  p: Producers,
  inputs: readonly string[],
  outputs: readonly string[],
  nodes: NodeProto[] = sliceNodes(model.graph!, p, inputs, outputs),
): Uint8Array {
  const graph = model.graph!;
  const used = new Set(nodes.flatMap((n) => n.input ?? []));
  const declared = new Map((graph.input ?? []).map((i) => [i.name ?? "", i]));
  const outputInfo = new Map((graph.output ?? []).map((o) => [o.name ?? "", o]));
  const opsets = model.opsetImport ?? [];
  const needsMs = nodes.some((n) => n.domain === MS_DOMAIN) && !opsets.some((o) => o.domain === MS_DOMAIN);
  const stage = onnx.ModelProto.create({
    ...model,
    opsetImport: needsMs ? [...opsets, { domain: MS_DOMAIN, version: 1 }] : opsets,
    graph: {
      name: `${graph.name ?? "encoder"}_stage`,
      node: nodes,
      initializer: (graph.initializer ?? []).filter((t) => used.has(t.name ?? "")),
      input: inputs.map((name) => declared.get(name) ?? floatInput(name)),
      output: outputs.map((name) => outputInfo.get(name) ?? floatInput(name)),
    },
  });
  return onnx.ModelProto.encode(stage).finish();
}

const sha256 = (bytes: Uint8Array) => sha256Of(bytes).toString("hex");

/**
 * What a slice of the graph computes, with tensor names replaced by their order of appearance: two layers whose
 * attention has the same signature (ops, attributes, constants) can share one attention stage.
 */
function attentionSignature(graph: Graph, p: Producers, inputs: readonly string[], outputs: readonly string[]): string {
  const names = new Map(inputs.map((n, i) => [n, `in${i}`]));
  const constants = new Map((graph.initializer ?? []).map((t) => [t.name ?? "", t]));
  const nameOf = (n: string) => {
    const constant = constants.get(n);
    if (constant) return `const:${sha256(onnx.TensorProto.encode({ ...constant, name: "" }).finish())}`;
    if (!names.has(n)) names.set(n, `t${names.size}`);
    return names.get(n)!;
  };
  return sliceNodes(graph, p, inputs, outputs)
    .map((node) => {
      // A Constant's tensor carries its layer's name: only its values count.
      const attributes = (node.attribute ?? []).map((a) =>
        sha256(onnx.AttributeProto.encode({ ...a, ...(a.t ? { t: { ...a.t, name: "" } } : {}) }).finish()),
      );
      const io = [...(node.input ?? []).map(nameOf), "->", ...(node.output ?? []).map(nameOf)];
      return `${node.domain ?? ""}:${node.opType}(${attributes.join(",")})[${io.join(" ")}]`;
    })
    .join(";");
}

/** The tensor of a constant written in the graph: an initializer or a Constant node's tensor. */
function constantTensor(graph: Graph, p: Producers, name: string): onnxProto.onnx.ITensorProto | undefined {
  const node = p.byOutput.get(name);
  return (
    (graph.initializer ?? []).find((t) => t.name === name) ??
    (node?.opType === "Constant" ? (node.attribute?.find((a) => a.name === "value")?.t ?? undefined) : undefined)
  );
}

/** The value of a one-element float constant (an initializer or a Constant node's tensor), else null. */
function scalarConstant(graphFile: string, graph: Graph, p: Producers, name: string): number | null {
  const tensor = constantTensor(graph, p, name);
  if (!tensor || tensor.dataType !== onnx.TensorProto.DataType.FLOAT || elementCount(tensor) !== 1) return null;
  const reader = new TensorReader(graphFile);
  try {
    return reader.floats(tensor)[0] ?? null;
  } finally {
    reader.close();
  }
}

/** The values of an int64 constant written in the graph (an initializer or a Constant node's tensor), else null. */
function intsConstant(graph: Graph, p: Producers, name: string): number[] | null {
  const tensor = constantTensor(graph, p, name);
  if (!tensor || tensor.dataType !== onnx.TensorProto.DataType.INT64) return null;
  if (tensor.int64Data?.length) return tensor.int64Data.map(Number);
  const raw = tensor.rawData;
  if (!raw || raw.length !== elementCount(tensor) * 8) return null;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: raw.length / 8 }, (_, i) => Number(view.getBigInt64(i * 8, true)));
}

/**
 * `nodes` (in graph order) with each of `layers`' attention, softmax(q·kᵀ·scale + mask)·v, as one MultiHeadAttention
 * masked by `keyPadding` (computed first), or null when a tensor inside some layer's attention is read outside it.
 */
function withMultiHeadAttention(
  graph: Graph,
  p: Producers,
  nodes: readonly NodeProto[],
  layers: readonly AttentionTensors[],
  { heads, scale, keyPadding }: { heads: number; scale: number; keyPadding: KeyPadding & { input: string } },
): NodeProto[] | null {
  const cores = layers.map((l) => new Set(sliceNodes(graph, p, [l.q, l.kt, l.v, l.maskBias], [l.context])));
  const replaced = new Set(cores.flatMap((c) => [...c]));
  const inside = new Set([...replaced].flatMap((n) => n.output ?? []));
  const contexts = new Set(layers.map((l) => l.context));
  const readOutside = nodes.some(
    (n) => !replaced.has(n) && (n.input ?? []).some((i) => inside.has(i) && !contexts.has(i)),
  );
  if (readOutside) return null;
  const cast = {
    opType: "Cast",
    name: keyPadding.mask,
    input: [keyPadding.input],
    output: [keyPadding.mask],
    attribute: [{ name: "to", type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.INT32 }],
  } as NodeProto;
  const out: NodeProto[] = [cast];
  const placed = new Set<number>();
  for (const node of nodes) {
    const k = cores.findIndex((c) => c.has(node));
    if (k < 0) out.push(node);
    else if (!placed.has(k)) {
      placed.add(k);
      out.push(...multiHeadAttentionNodes(layers[k]!, heads, scale, { ns: `prefix/layer_${k}`, keyPadding }));
    }
  }
  return out;
}

/** Attention's nodes without the Add of `mask`: the softmax reads the scaled scores that the Add read. */
function withoutMask(nodes: readonly NodeProto[], mask: string): NodeProto[] {
  const add = nodes.find((n) => n.opType === "Add" && (n.input ?? []).includes(mask));
  const scores = add?.input?.find((x) => x !== mask);
  if (!add || !scores) throw new UnstageableGraphError("attention's mask is not added to its scores");
  const added = add.output?.[0];
  return nodes
    .filter((n) => n !== add)
    .map((n) => ({ ...n, input: (n.input ?? []).map((x) => (x === added ? scores : x)) }) as NodeProto);
}

/** The stage files' names for a graph file: model.onnx → model.stage-00.onnx, model.stage-01.onnx, … */
export function stageFileName(graphFile: string, k: number): string {
  return `${path.basename(graphFile, ".onnx")}.stage-${String(k).padStart(2, "0")}.onnx`;
}

export function manifestPath(graphFile: string): string {
  return path.join(path.dirname(graphFile), `${path.basename(graphFile, ".onnx")}.stages.json`);
}

type UnmaskedStage = StageGraph & { bytes: Uint8Array; heads: number | null };
type PrefixStage = StageGraph & { bytes: Uint8Array; multiHeadAttention: boolean };

/**
 * Cuts `graphFile` into stages in memory: the manifest (without hashes) and each stage's bytes. `heads`: the model's
 * attention heads (config.json), which a flash attention stage needs and the graph does not state.
 */
export function cutEncoder(
  graphFile: string,
  heads: number,
): {
  manifest: Omit<EncoderStages, "stages" | "unmaskedAttention" | "prefix">;
  stages: (StageGraph & { bytes: Uint8Array })[];
  unmaskedAttention: UnmaskedStage;
  prefix: PrefixStage;
} {
  const source = readFileSync(graphFile);
  const proto = onnx.ModelProto.decode(source);
  const graph = proto.graph;
  if (!graph) throw new UnstageableGraphError(`${graphFile} has no graph`);
  const hiddenOutput = hiddenOutputIn(graph);
  const p = new Producers(graph);
  const layers = findAttention(graph);
  const mask = layers[0]!.maskBias;
  const projections = (l: AttentionTensors) => [l.input, l.q, l.kt, l.v];
  const attentionOf = (l: AttentionTensors) => ({ inputs: [l.q, l.kt, l.v, mask], outputs: [l.context] });
  const core = attentionOf(layers[0]!);
  const signature = attentionSignature(graph, p, core.inputs, core.outputs);
  layers.forEach((l, i) => {
    const cut = attentionOf(l);
    if (attentionSignature(graph, p, cut.inputs, cut.outputs) !== signature) {
      throw new UnstageableGraphError(`layer ${i}'s attention differs from layer 0's`);
    }
  });
  const cuts: { inputs: string[]; outputs: string[] }[] = [
    { inputs: [...p.graphInputs], outputs: [...projections(layers[0]!), mask] },
    core,
    ...layers.map((l, i) => ({
      inputs: [l.context, l.input],
      outputs: i + 1 < layers.length ? projections(layers[i + 1]!) : [hiddenOutput],
    })),
  ];
  const stages = cuts.map((cut, k) => ({
    file: stageFileName(graphFile, k),
    ...cut,
    bytes: stageModel(proto, p, cut.inputs, cut.outputs),
  }));
  const unmaskedInputs = core.inputs.filter((x) => x !== mask);
  const coreNodes = sliceNodes(graph, p, core.inputs, core.outputs);
  const opset = Number((proto.opsetImport ?? []).find((o) => (o.domain ?? "") === "")?.version ?? 0);
  const l0 = layers[0]!;
  const scale = plainAttentionScale(coreNodes, l0, (n) => scalarConstant(graphFile, graph, p, n), opset);
  const unmaskedAttention = {
    file: stageFileName(graphFile, cuts.length),
    inputs: unmaskedInputs,
    outputs: core.outputs,
    heads: scale === null ? null : heads,
    bytes: stageModel(
      proto,
      p,
      unmaskedInputs,
      core.outputs,
      scale === null ? withoutMask(coreNodes, mask) : multiHeadAttentionNodes(l0, heads, scale),
    ),
  };
  const prefix = prefixStage(graphFile, proto, p, layers, [...projections(layers.at(-1)!), mask], {
    heads,
    scale,
    file: stageFileName(graphFile, cuts.length + 1),
  });
  const manifest = {
    version: STAGES_VERSION,
    source: path.basename(graphFile),
    sourceSha256: sha256(source),
    layers: layers.length,
    hiddenOutput,
    attention: layers,
  };
  return { manifest, stages, unmaskedAttention, prefix };
}

/**
 * The graph up to `outputs` (the last layer's input, projections and the mask) in one stage: with its layers'
 * attention as MultiHeadAttention when `scale` says attention is plain and the mask bias is a key padding mask.
 */
function prefixStage(
  graphFile: string,
  proto: onnxProto.onnx.IModelProto,
  p: Producers,
  layers: readonly AttentionTensors[],
  outputs: readonly string[],
  { heads, scale, file }: { heads: number; scale: number | null; file: string },
): PrefixStage {
  const graph = proto.graph!;
  const inputs = [...p.graphInputs];
  const nodes = sliceNodes(graph, p, inputs, outputs);
  const padding = keyPaddingOf(
    layers[0]!.maskBias,
    (name) => p.byOutput.get(name),
    (name) => scalarConstant(graphFile, graph, p, name),
    (name) => intsConstant(graph, p, name),
    ATTENTION_MASK,
  );
  const fused =
    scale === null || !padding
      ? null
      : withMultiHeadAttention(graph, p, nodes, layers.slice(0, -1), {
          heads,
          scale,
          keyPadding: { ...padding, mask: "prefix/key_padding_mask" },
        });
  return {
    file,
    inputs,
    outputs: [...outputs],
    multiHeadAttention: fused !== null,
    bytes: stageModel(proto, p, inputs, outputs, fused ?? nodes),
  };
}

/**
 * The cached stages of `graphFile` when their manifest matches the graph, every stage file and `heads` (when its
 * unmasked attention uses them); else null.
 */
export function readCachedStages(graphFile: string, heads: number): EncoderStages | null {
  const file = manifestPath(graphFile);
  if (!existsSync(file)) return null;
  try {
    const manifest = EncoderStagesSchema.parse(JSON.parse(readFileSync(file, "utf8")));
    if (manifest.version !== STAGES_VERSION) return null;
    if (manifest.sourceSha256 !== sha256(readFileSync(graphFile))) return null;
    if (manifest.unmaskedAttention.heads !== null && manifest.unmaskedAttention.heads !== heads) return null;
    const dir = path.dirname(graphFile);
    for (const s of [...manifest.stages, manifest.unmaskedAttention, manifest.prefix]) {
      const at = path.join(dir, s.file);
      if (path.dirname(at) !== dir || !existsSync(at) || sha256(readFileSync(at)) !== s.sha256) return null;
    }
    return manifest;
  } catch {
    return null;
  }
}

/**
 * The stages of `graphFile`: the cached ones when they check out, else cut anew and written beside it (each file under
 * a temporary name first, the manifest last, so a reader never trusts a half-written cache).
 */
export function encoderStages(graphFile: string, heads: number): EncoderStages {
  const cached = readCachedStages(graphFile, heads);
  if (cached) return cached;
  const { manifest, stages, unmaskedAttention, prefix } = cutEncoder(graphFile, heads);
  const dir = path.dirname(graphFile);
  const write = ({ file, inputs, outputs, bytes }: StageGraph & { bytes: Uint8Array }) => {
    writeAtomically(path.join(dir, file), bytes);
    return { file, inputs, outputs, sha256: sha256(bytes) };
  };
  const written: EncoderStages = {
    ...manifest,
    stages: stages.map(write),
    unmaskedAttention: { ...write(unmaskedAttention), heads: unmaskedAttention.heads },
    prefix: { ...write(prefix), multiHeadAttention: prefix.multiHeadAttention },
  };
  writeAtomically(manifestPath(graphFile), `${JSON.stringify(written, null, 2)}\n`);
  const files = [...written.stages, written.unmaskedAttention, written.prefix].map((s) => s.file);
  removeOtherStages(graphFile, new Set(files));
  return written;
}

/** Deletes stage files of `graphFile` an earlier cut left that the current one does not use. */
function removeOtherStages(graphFile: string, keep: ReadonlySet<string>): void {
  const prefix = `${path.basename(graphFile, ".onnx")}.stage-`;
  const dir = path.dirname(graphFile);
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix) && name.endsWith(".onnx") && !keep.has(name))
      rmSync(path.join(dir, name), { force: true });
  }
}
