/**
 * Reading and writing ONNX models whose weights live in an external data file, as bge-m3's 2.3 GB model does.
 * Tensors are read on demand (a row range at a time for the large ones), so rewriting a model never holds all of it.
 */
import { closeSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import onnxProto from "onnx-proto";

// onnx-proto is CommonJS: its namespace comes through the default export.
export const { onnx } = onnxProto;
export type ModelProto = InstanceType<typeof onnx.ModelProto>;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export const DataType = onnx.TensorProto.DataType;

/** A decoded model and the directory its external data paths are relative to. */
export interface OnnxModel {
  file: string;
  proto: ModelProto;
}

export function readOnnxModel(file: string): OnnxModel {
  return { file, proto: onnx.ModelProto.decode(readFileSync(file)) };
}

const num = (v: number | { toNumber(): number } | null | undefined): number =>
  v === null || v === undefined ? 0 : typeof v === "number" ? v : v.toNumber();

export function dimsOf(t: TensorProto): number[] {
  return (t.dims ?? []).map(num);
}

export const elementCount = (t: TensorProto): number => dimsOf(t).reduce((a, b) => a * b, 1);

/** Where an external tensor's bytes are: file, offset and length (from its `external_data` entries). */
interface ExternalLocation {
  file: string;
  offset: number;
  length: number;
}

function externalLocation(t: TensorProto, modelFile: string): ExternalLocation | null {
  if (t.dataLocation !== onnx.TensorProto.DataLocation.EXTERNAL) return null;
  const entry = (key: string) => t.externalData?.find((e) => e.key === key)?.value ?? undefined;
  const location = entry("location");
  if (!location) throw new Error(`tensor ${t.name}: external data without a location`);
  const file = path.resolve(path.dirname(modelFile), location);
  if (path.relative(path.dirname(modelFile), file).startsWith("..")) {
    throw new Error(`tensor ${t.name}: external data location ${location} is outside the model's directory`);
  }
  const offset = Number(entry("offset") ?? 0);
  const length = Number(entry("length") ?? elementCount(t) * 4);
  return { file, offset, length };
}

/** Every tensor of a graph: initializers and node attributes', subgraphs (If, Loop, Scan bodies) included. */
function* graphTensors(graph: onnxProto.onnx.IGraphProto | null | undefined): Generator<TensorProto> {
  if (!graph) return;
  yield* graph.initializer ?? [];
  for (const a of (graph.node ?? []).flatMap((n) => n.attribute ?? [])) {
    if (a.t) yield a.t;
    yield* a.tensors ?? [];
    yield* graphTensors(a.g);
    for (const g of a.graphs ?? []) yield* graphTensors(g);
  }
}

/** The external data files a model's tensors refer to: absolute paths, each once, sorted. */
export function externalDataFiles(model: OnnxModel): string[] {
  const files = new Set<string>();
  for (const t of graphTensors(model.proto.graph)) {
    const at = externalLocation(t, model.file);
    if (at) files.add(at.file);
  }
  return [...files].sort();
}

/** Fills `into` from `fd` at `position`; a file that ends first is an error with `endsEarly` as its message. */
function readExactly(fd: number, into: Uint8Array, position: number, endsEarly: string): void {
  for (let done = 0; done < into.length; ) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error(endsEarly);
    done += n;
  }
}

/**
 * Reads float32 tensors of one model. Each external file stays open until `close()`, so reading row ranges of a
 * 1 GB embedding costs one `pread` per range.
 */
export class TensorReader {
  private readonly fds = new Map<string, number>();

  constructor(private readonly modelFile: string) {}

  /** All values of a float32 tensor, whether inline (`raw_data` or `float_data`) or external. */
  floats(t: TensorProto): Float32Array {
    const dims = dimsOf(t);
    return this.floatRows(t, 0, dims.length === 0 ? 1 : dims[0]!);
  }

  /** Rows `[start, start + count)` of a float32 tensor (a row being everything after the first dimension). */
  floatRows(t: TensorProto, start: number, count: number): Float32Array {
    if (t.dataType !== DataType.FLOAT) throw new Error(`tensor ${t.name} is not float32 (data type ${t.dataType})`);
    const dims = dimsOf(t);
    const rowSize = dims.slice(1).reduce((a, b) => a * b, 1);
    const out = new Float32Array(count * rowSize);
    const external = externalLocation(t, this.modelFile);
    if (external) {
      const bytes = new Uint8Array(out.buffer);
      const fd = this.fd(external.file);
      const at = external.offset + start * rowSize * 4;
      if ((start + count) * rowSize * 4 > external.length)
        throw new Error(`tensor ${t.name}: rows past its external data`);
      readExactly(fd, bytes, at, `tensor ${t.name}: ${external.file} ends early`);
      return out;
    }
    if (t.rawData && t.rawData.length > 0) {
      const raw = t.rawData;
      // Copy: raw_data is a view into the decoded buffer at an offset that need not be 4-aligned.
      new Uint8Array(out.buffer).set(raw.subarray(start * rowSize * 4, (start + count) * rowSize * 4));
      return out;
    }
    const values = t.floatData ?? [];
    out.set(values.slice(start * rowSize, (start + count) * rowSize));
    return out;
  }

  /** The tensor's bytes as stored (for copying a tensor unchanged into a new model). */
  bytes(t: TensorProto): Uint8Array {
    const external = externalLocation(t, this.modelFile);
    if (!external) throw new Error(`tensor ${t.name} is not external`);
    const out = new Uint8Array(external.length);
    readExactly(this.fd(external.file), out, external.offset, `tensor ${t.name}: ${external.file} ends early`);
    return out;
  }

  isExternal(t: TensorProto): boolean {
    return t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL;
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  private fd(file: string): number {
    let fd = this.fds.get(file);
    if (fd === undefined) {
      fd = openSync(file, "r");
      this.fds.set(file, fd);
    }
    return fd;
  }
}

/** Offsets in the data file are multiples of this, so onnxruntime can map tensors without copying them. */
const ALIGNMENT = 4096;
/** Tensors smaller than this stay inside the .onnx file. */
const EXTERNAL_MIN_BYTES = 1024;

/** Appends tensors' bytes to one external data file and points the tensors at them. */
export class ExternalDataWriter {
  private readonly fd: number;
  private offset = 0;

  /** `location` is what the model records: the data file's name, relative to the model file. */
  constructor(
    dataFile: string,
    readonly location = path.basename(dataFile),
  ) {
    this.fd = openSync(dataFile, "w");
  }

  /** Makes `t` hold `bytes`: inline when small, else appended to the data file at an aligned offset. */
  store(t: TensorProto, bytes: Uint8Array): void {
    if (bytes.length < EXTERNAL_MIN_BYTES) {
      t.rawData = bytes;
      t.dataLocation = onnx.TensorProto.DataLocation.DEFAULT;
      t.externalData = [];
      t.floatData = [];
      return;
    }
    const offset = this.beginTensor();
    this.write(bytes);
    this.endTensor(t, offset);
  }

  /** Appends one tensor in parts (for tensors written a row range at a time): begin, then parts, then end. */
  beginTensor(): number {
    this.alignTo(ALIGNMENT);
    return this.offset;
  }

  writePart(bytes: Uint8Array): void {
    this.write(bytes);
  }

  /** Points `t` at the bytes written since `offset`. */
  endTensor(t: TensorProto, offset: number): void {
    t.rawData = new Uint8Array(0);
    t.floatData = [];
    t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    t.externalData = [
      { key: "location", value: this.location },
      { key: "offset", value: String(offset) },
      { key: "length", value: String(this.offset - offset) },
    ];
  }

  get bytesWritten(): number {
    return this.offset;
  }

  close(): void {
    closeSync(this.fd);
  }

  private alignTo(n: number): void {
    const pad = (n - (this.offset % n)) % n;
    if (pad) this.write(new Uint8Array(pad));
  }

  private write(bytes: Uint8Array): void {
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.offset += bytes.length;
  }
}

export function writeOnnxModel(proto: ModelProto, file: string): void {
  writeFileSync(file, onnx.ModelProto.encode(proto).finish());
}

/** A tensor proto holding `values`, stored by `writer` (inline or external). */
export function makeTensor(
  name: string,
  dims: number[],
  values: Float32Array | Int8Array | Uint8Array | BigInt64Array,
  writer: ExternalDataWriter,
): TensorProto {
  const dataType =
    values instanceof Float32Array
      ? DataType.FLOAT
      : values instanceof Int8Array
        ? DataType.INT8
        : values instanceof Uint8Array
          ? DataType.UINT8
          : DataType.INT64;
  const t: TensorProto = { name, dims, dataType };
  writer.store(t, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return t;
}

/** A float32 graph built in memory: its inputs and outputs (dims are numbers or symbolic names), nodes and weights. */
export interface FloatGraph {
  name: string;
  inputs: { name: string; dims: (number | string)[] }[];
  outputs: { name: string; dims: (number | string)[] }[];
  nodes: NodeProto[];
  weights: { name: string; dims: number[]; data: Float32Array }[];
}

const floatValueInfo = ({ name, dims }: { name: string; dims: (number | string)[] }) => ({
  name,
  type: {
    tensorType: {
      elemType: DataType.FLOAT,
      shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
    },
  },
});

/** The ONNX bytes of a small float32 graph (opset 17), weights inline. */
export function buildFloatModel(g: FloatGraph): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "bge-m3-studio",
    opsetImport: [{ domain: "", version: 17 }],
    graph: {
      name: g.name,
      node: g.nodes,
      initializer: g.weights.map((w) => ({
        name: w.name,
        dataType: DataType.FLOAT,
        dims: w.dims,
        rawData: new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength),
      })),
      input: g.inputs.map(floatValueInfo),
      output: g.outputs.map(floatValueInfo),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
