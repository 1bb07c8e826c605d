/**
 * Dynamic int8 quantisation of an fp32 ONNX encoder, in TypeScript (Python's onnxruntime tools are not available to
 * this product's users). What it rewrites:
 * - every MatMul whose second input is a 2-D float weight becomes onnxruntime's `com.microsoft.DynamicQuantizeMatMul`:
 *   int8 weights with one symmetric scale per output column (by default sized so the AVX2 kernel cannot saturate,
 *   see `quantizeColumns` and lib/model/int8-scales.ts), activations quantised to uint8 at run time, and the
 *   following bias `Add` folded in;
 * - MatMuls that read the same activation (an attention layer's Q, K and V) become one wider MatMul and a Split, so
 *   the activation is quantised once and the GEMM is wider;
 * - large embedding tables read by `Gather` become int8 rows with one scale per row (a quarter of the memory).
 * Everything else (LayerNorm, softmax, attention's activation×activation products) stays fp32.
 */
import { renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type onnxProto from "onnx-proto";
import { type Int8Scales, QUANTIZATION_METADATA_KEY, quantizationMetadata } from "./int8-scales";
import {
  DataType,
  dimsOf,
  ExternalDataWriter,
  elementCount,
  externalDataFiles,
  makeTensor,
  type NodeProto,
  onnx,
  readOnnxModel,
  type TensorProto,
  TensorReader,
  writeOnnxModel,
} from "./onnx-io";

export interface QuantizeOptions {
  /** How weight columns are scaled: `pair` (default, exact on every x86 CPU) or `column` (exact only with VNNI). */
  scales?: Int8Scales;
  /** Fuse MatMuls that share their input (Q, K, V) into one. Default true. */
  fuseSiblings?: boolean;
  /** Quantise embedding tables (Gather on a 2-D float table of at least `embeddingMinElements`). Default true. */
  embeddings?: boolean;
  embeddingMinElements?: number;
  /** Called after each weight is written, with bytes of source weights handled so far and in all. */
  onProgress?: (done: number, total: number, tensor: string) => void;
}

export interface QuantizeReport {
  matmulsQuantized: number;
  /** MatMuls left in fp32: activation×activation products (attention), or weights that are not plain 2-D floats. */
  matmulsKept: number;
  biasesFolded: number;
  fusedGroups: number;
  embeddingsQuantized: number;
  inputBytes: number;
  outputBytes: number;
}

/** Symmetric int8 range: ±127 keeps zero exact and the range symmetric. */
const QMAX = 127;
/**
 * Without VNNI, onnxruntime's x86 u8×s8 GEMM multiplies adjacent pairs of K with `vpmaddubsw`, which saturates at
 * 32,767. An activation byte is at most 255, so |q[2i]| + |q[2i+1]| ≤ 128 keeps every pair exact: 255 · 128 = 32,640.
 * Bounding each pair's sum by 127 before rounding gives at most 128 after: |round(x)| + |round(y)| ≤ |x| + |y| + 1.
 */
const QPAIR = 127;
const MS_DOMAIN = "com.microsoft";

/** Round half to even, as numpy and onnxruntime's quantiser do. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Per-column symmetric quantisation of a row-major [K, N] matrix: int8 values and N scales. With `pair` scales
 * (default) each column's largest pair |w[2i]| + |w[2i+1]| maps to 127 (`QPAIR`), so no pair can saturate the AVX2
 * GEMM; with `column` scales its largest |w| maps to 127 (`QMAX`), exact only on a VNNI kernel. On the test model,
 * `column` scales on a kernel that saturates gave a mean dense cosine of 0.956 to fp32; `pair` scales give 0.998,
 * better than onnxruntime's per-tensor default (0.9976). With avx512_vnni, on the 28 golden pairs: pair 0.9984,
 * column 0.9986 (tests/int8-scales.test.ts).
 */
export function quantizeColumns(
  w: Float32Array,
  k: number,
  n: number,
  choice: Int8Scales = "pair",
): { q: Int8Array; scales: Float32Array } {
  const scales = choice === "pair" ? pairMaxima(w, k, n) : columnMaxima(w, k, n);
  const range = choice === "pair" ? QPAIR : QMAX;
  for (let j = 0; j < n; j++) scales[j] = scales[j]! > 0 ? scales[j]! / range : 1;
  const q = new Int8Array(k * n);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < n; j++) q[i * n + j] = roundHalfEven(w[i * n + j]! / scales[j]!);
  }
  return { q, scales };
}

/** Each column's largest |w[2i]| + |w[2i+1]| of a row-major [K, N] matrix. */
function pairMaxima(w: Float32Array, k: number, n: number): Float32Array {
  const max = new Float32Array(n);
  for (let i = 0; i < k; i += 2) {
    for (let j = 0; j < n; j++) {
      const pair = Math.abs(w[i * n + j]!) + (i + 1 < k ? Math.abs(w[(i + 1) * n + j]!) : 0);
      max[j] = Math.max(max[j]!, pair);
    }
  }
  return max;
}

/** Each column's largest |w| of a row-major [K, N] matrix. */
function columnMaxima(w: Float32Array, k: number, n: number): Float32Array {
  const max = new Float32Array(n);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < n; j++) max[j] = Math.max(max[j]!, Math.abs(w[i * n + j]!));
  }
  return max;
}

/** Per-row symmetric quantisation of `rows` rows of width `h`: int8 values and one scale per row. */
export function quantizeRows(w: Float32Array, rows: number, h: number): { q: Int8Array; scales: Float32Array } {
  const q = new Int8Array(rows * h);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let c = 0; c < h; c++) max = Math.max(max, Math.abs(w[r * h + c]!));
    const s = max > 0 ? max / QMAX : 1;
    scales[r] = s;
    for (let c = 0; c < h; c++) q[r * h + c] = roundHalfEven(w[r * h + c]! / s);
  }
  return { q, scales };
}

/** One weight MatMul and, when its only consumer adds a constant bias, that Add. */
interface WeightMatMul {
  node: NodeProto;
  weight: TensorProto;
  k: number;
  n: number;
  biasAdd: NodeProto | null;
  bias: TensorProto | null;
  /** The tensor the rewritten node must produce: the Add's output when the bias is folded. */
  output: string;
}

class GraphIndex {
  readonly initializers = new Map<string, TensorProto>();
  readonly consumers = new Map<string, NodeProto[]>();
  readonly graphOutputs: Set<string>;

  constructor(graph: onnxProto.onnx.IGraphProto) {
    for (const t of graph.initializer ?? []) this.initializers.set(t.name ?? "", t);
    for (const node of graph.node ?? []) {
      for (const input of node.input ?? []) {
        const list = this.consumers.get(input) ?? [];
        list.push(node);
        this.consumers.set(input, list);
      }
    }
    this.graphOutputs = new Set((graph.output ?? []).map((o) => o.name ?? ""));
  }

  floatInitializer(name: string | undefined, rank: number): TensorProto | null {
    const t = name ? this.initializers.get(name) : undefined;
    return t && t.dataType === DataType.FLOAT && dimsOf(t).length === rank ? t : null;
  }
}

function weightMatMul(node: NodeProto, index: GraphIndex): WeightMatMul | null {
  if (node.opType !== "MatMul" || (node.domain ?? "") !== "") return null;
  const weight = index.floatInitializer(node.input?.[1], 2);
  if (!weight) return null;
  const [k, n] = dimsOf(weight) as [number, number];
  const out = node.output?.[0] ?? "";
  const users = index.consumers.get(out) ?? [];
  const add = users.length === 1 && !index.graphOutputs.has(out) ? users[0]! : null;
  if (add && add.opType === "Add" && (add.domain ?? "") === "") {
    const other = add.input?.[0] === out ? add.input?.[1] : add.input?.[0];
    const bias = index.floatInitializer(other, 1);
    if (bias && dimsOf(bias)[0] === n) return { node, weight, k, n, biasAdd: add, bias, output: add.output?.[0] ?? "" };
  }
  return { node, weight, k, n, biasAdd: null, bias: null, output: out };
}

/** Groups weight MatMuls by the activation they read; a group of several shares one quantised GEMM. */
function groupSiblings(matmuls: WeightMatMul[], fuse: boolean): WeightMatMul[][] {
  if (!fuse) return matmuls.map((m) => [m]);
  const byInput = new Map<string, WeightMatMul[]>();
  for (const m of matmuls) {
    const key = `${m.node.input?.[0]}|${m.k}`;
    byInput.set(key, [...(byInput.get(key) ?? []), m]);
  }
  return [...byInput.values()];
}

/** Concatenates the group's [K, Nᵢ] weights along N into one [K, ΣN] matrix. */
function concatColumns(reader: TensorReader, group: WeightMatMul[]): { w: Float32Array; n: number } {
  const k = group[0]!.k;
  const n = group.reduce((s, m) => s + m.n, 0);
  const w = new Float32Array(k * n);
  let col = 0;
  for (const m of group) {
    const part = reader.floats(m.weight);
    for (let i = 0; i < k; i++) w.set(part.subarray(i * m.n, (i + 1) * m.n), i * n + col);
    col += m.n;
  }
  return { w, n };
}

function concatBiases(reader: TensorReader, group: WeightMatMul[], n: number): Float32Array | null {
  if (group.every((m) => !m.bias)) return null;
  const b = new Float32Array(n);
  let col = 0;
  for (const m of group) {
    if (m.bias) b.set(reader.floats(m.bias), col);
    col += m.n;
  }
  return b;
}

/** The nodes that replace one group: a DynamicQuantizeMatMul, and a Split when several MatMuls were fused. */
function quantizedNodes(
  group: WeightMatMul[],
  reader: TensorReader,
  writer: ExternalDataWriter,
  opset: number,
  choice: Int8Scales,
): { nodes: NodeProto[]; initializers: TensorProto[] } {
  const first = group[0]!;
  const base = `${first.weight.name}_int8`;
  const { w, n } = concatColumns(reader, group);
  const { q, scales } = quantizeColumns(w, first.k, n, choice);
  const initializers = [
    makeTensor(`${base}_weight`, [first.k, n], q, writer),
    makeTensor(`${base}_scale`, [n], scales, writer),
    makeTensor(`${base}_zero_point`, [n], new Int8Array(n), writer),
  ];
  const bias = concatBiases(reader, group, n);
  if (bias) initializers.push(makeTensor(`${base}_bias`, [n], bias, writer));
  const single = group.length === 1;
  const product = single ? first.output : `${base}_output`;
  const nodes: NodeProto[] = [
    {
      name: `${first.node.name ?? base}_quant`,
      opType: "DynamicQuantizeMatMul",
      domain: MS_DOMAIN,
      input: [
        first.node.input?.[0] ?? "",
        `${base}_weight`,
        `${base}_scale`,
        `${base}_zero_point`,
        bias ? `${base}_bias` : "",
      ],
      output: [product],
    },
  ];
  if (!single) nodes.push(splitNode(`${base}_split`, product, group, writer, initializers, opset));
  return { nodes, initializers };
}

/** Split along the last axis into the group's original outputs (split sizes: an input from opset 13, else an attribute). */
function splitNode(
  name: string,
  input: string,
  group: WeightMatMul[],
  writer: ExternalDataWriter,
  initializers: TensorProto[],
  opset: number,
): NodeProto {
  const sizes = group.map((m) => m.n);
  const output = group.map((m) => m.output);
  const axis: onnxProto.onnx.IAttributeProto = { name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: -1 };
  if (opset >= 13) {
    initializers.push(makeTensor(`${name}_sizes`, [sizes.length], BigInt64Array.from(sizes.map(BigInt)), writer));
    return { name, opType: "Split", domain: "", input: [input, `${name}_sizes`], output, attribute: [axis] };
  }
  const split: onnxProto.onnx.IAttributeProto = {
    name: "split",
    type: onnx.AttributeProto.AttributeType.INTS,
    ints: sizes,
  };
  return { name, opType: "Split", domain: "", input: [input], output, attribute: [axis, split] };
}

/** Rows per read when quantising an embedding table, so a 1 GB table never sits in memory whole. */
const EMBEDDING_CHUNK_ROWS = 4096;

/** Gather(table) → Gather(int8 table) · Gather(row scales); the table is read and written a chunk of rows at a time. */
function quantizedEmbedding(
  node: NodeProto,
  table: TensorProto,
  reader: TensorReader,
  writer: ExternalDataWriter,
): { nodes: NodeProto[]; initializers: TensorProto[] } {
  const [rows, h] = dimsOf(table) as [number, number];
  const base = `${table.name}_int8`;
  const qTensor: TensorProto = { name: `${base}_rows`, dims: [rows, h], dataType: DataType.INT8 };
  const scales = new Float32Array(rows);
  const offset = writer.beginTensor();
  for (let start = 0; start < rows; start += EMBEDDING_CHUNK_ROWS) {
    const count = Math.min(EMBEDDING_CHUNK_ROWS, rows - start);
    const chunk = quantizeRows(reader.floatRows(table, start, count), count, h);
    scales.set(chunk.scales, start);
    writer.writePart(new Uint8Array(chunk.q.buffer));
  }
  writer.endTensor(qTensor, offset);
  const scaleTensor = makeTensor(`${base}_scales`, [rows, 1], scales, writer);
  const indices = node.input?.[1] ?? "";
  const out = node.output?.[0] ?? "";
  const nodes: NodeProto[] = [
    { name: `${base}_gather`, opType: "Gather", input: [qTensor.name ?? "", indices], output: [`${base}_q`] },
    {
      name: `${base}_cast`,
      opType: "Cast",
      input: [`${base}_q`],
      output: [`${base}_f`],
      attribute: [{ name: "to", type: onnx.AttributeProto.AttributeType.INT, i: DataType.FLOAT }],
    },
    { name: `${base}_gather_scale`, opType: "Gather", input: [scaleTensor.name ?? "", indices], output: [`${base}_s`] },
    { name: `${base}_dequant`, opType: "Mul", input: [`${base}_f`, `${base}_s`], output: [out] },
  ];
  return { nodes, initializers: [qTensor, scaleTensor] };
}

function embeddingTable(node: NodeProto, index: GraphIndex, minElements: number): TensorProto | null {
  if (node.opType !== "Gather" || (node.domain ?? "") !== "") return null;
  const axis = node.attribute?.find((a) => a.name === "axis");
  if (axis && Number(axis.i ?? 0) !== 0) return null;
  const table = index.floatInitializer(node.input?.[0], 2);
  if (!table) return null;
  const [rows, h] = dimsOf(table) as [number, number];
  return rows * h >= minElements ? table : null;
}

function defaultOpset(proto: ReturnType<typeof readOnnxModel>["proto"]): number {
  const entry = (proto.opsetImport ?? []).find((o) => (o.domain ?? "") === "");
  return Number(entry?.version ?? 0);
}

/**
 * Writes the int8 model `dst` (and `<dst>_data` beside it) from the fp32 model `src`. Writes to temporary names first,
 * so an interrupted run never leaves a half-written model under the final name.
 */
export function quantizeModel(src: string, dst: string, opts: QuantizeOptions = {}): QuantizeReport {
  const model = readOnnxModel(src);
  const graph = model.proto.graph;
  if (!graph) throw new Error(`${src} has no graph`);
  const index = new GraphIndex(graph);
  const reader = new TensorReader(src);
  const dataName = `${path.basename(dst)}_data`;
  const tmpModel = `${dst}.partial`;
  const tmpData = path.join(path.dirname(dst), `${dataName}.partial`);
  const writer = new ExternalDataWriter(tmpData, dataName);
  const opset = defaultOpset(model.proto);
  const report: QuantizeReport = {
    matmulsQuantized: 0,
    matmulsKept: 0,
    biasesFolded: 0,
    fusedGroups: 0,
    embeddingsQuantized: 0,
    inputBytes: [src, ...externalDataFiles(model)].reduce((sum, f) => sum + statSync(f).size, 0),
    outputBytes: 0,
  };
  try {
    const nodes = graph.node ?? [];
    const matmuls = nodes.map((n) => weightMatMul(n, index)).filter((m): m is WeightMatMul => m !== null);
    report.matmulsKept = nodes.filter((n) => n.opType === "MatMul").length - matmuls.length;
    const groups = groupSiblings(matmuls, opts.fuseSiblings ?? true);
    const tables =
      (opts.embeddings ?? true)
        ? nodes
            .map((n) => ({ node: n, table: embeddingTable(n, index, opts.embeddingMinElements ?? 1 << 20) }))
            .filter((e): e is { node: NodeProto; table: TensorProto } => e.table !== null)
        : [];
    const weightBytes = (t: TensorProto) => elementCount(t) * 4;
    const total =
      matmuls.reduce((s, m) => s + weightBytes(m.weight), 0) + tables.reduce((s, e) => s + weightBytes(e.table), 0);
    let done = 0;

    // Each replaced node maps to what goes in its place (the first of a group) or to nothing (the rest).
    const replacement = new Map<NodeProto, NodeProto[]>();
    const added: TensorProto[] = [];
    for (const group of groups) {
      const { nodes: repl, initializers } = quantizedNodes(group, reader, writer, opset, opts.scales ?? "pair");
      added.push(...initializers);
      group.forEach((m, i) => {
        replacement.set(m.node, i === 0 ? repl : []);
        if (m.biasAdd) replacement.set(m.biasAdd, []);
        report.biasesFolded += m.biasAdd ? 1 : 0;
        done += weightBytes(m.weight);
        opts.onProgress?.(done, total, m.weight.name ?? "");
      });
      report.matmulsQuantized += group.length;
      report.fusedGroups += group.length > 1 ? 1 : 0;
    }
    for (const { node, table } of tables) {
      const { nodes: repl, initializers } = quantizedEmbedding(node, table, reader, writer);
      added.push(...initializers);
      replacement.set(node, repl);
      report.embeddingsQuantized += 1;
      done += weightBytes(table);
      opts.onProgress?.(done, total, table.name ?? "");
    }

    graph.node = nodes.flatMap((n) => replacement.get(n) ?? [n]);
    const used = new Set(graph.node.flatMap((n) => n.input ?? []));
    const kept = (graph.initializer ?? []).filter((t) => used.has(t.name ?? ""));
    // Unchanged weights are copied into the new data file, so the int8 model does not depend on the fp32 one.
    for (const t of kept) if (reader.isExternal(t)) writer.store(t, reader.bytes(t));
    graph.initializer = [...kept, ...added];
    if (!(model.proto.opsetImport ?? []).some((o) => o.domain === MS_DOMAIN)) {
      model.proto.opsetImport = [...(model.proto.opsetImport ?? []), { domain: MS_DOMAIN, version: 1 }];
    }
    model.proto.metadataProps = [
      ...(model.proto.metadataProps ?? []).filter((p) => p.key !== QUANTIZATION_METADATA_KEY),
      { key: QUANTIZATION_METADATA_KEY, value: quantizationMetadata(opts.scales ?? "pair") },
    ];
    writer.close();
    writeOnnxModel(model.proto, tmpModel);
    renameSync(tmpData, path.join(path.dirname(dst), dataName));
    renameSync(tmpModel, dst);
    report.outputBytes = statSync(dst).size + writer.bytesWritten;
    return report;
  } catch (e) {
    writer.close();
    rmSync(tmpData, { force: true });
    rmSync(tmpModel, { force: true });
    throw e;
  } finally {
    reader.close();
  }
}
