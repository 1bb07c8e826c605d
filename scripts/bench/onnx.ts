/**
 * ONNX protobufs for the bench (onnx-proto, CommonJS): a one-node MatMul model built in memory, and the list of
 * external-data files a graph refers to.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import onnxProto from "onnx-proto";
import { prng } from "../lib/load";

const { onnx } = onnxProto;
type Graph = onnxProto.onnx.IGraphProto;
type Tensor = onnxProto.onnx.ITensorProto;

const FLOAT = onnx.TensorProto.DataType.FLOAT;

function floatInput(name: string, dims: number[]) {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
  };
}

/** C[m, n] = A[m, k] × B[k, n]: A is the input, B a random initializer (values in ±0.05). */
export function matmulModel(m: number, k: number, n: number): Uint8Array {
  const rand = prng(m * 31 + k * 7 + n);
  const b = new Float32Array(k * n);
  for (let i = 0; i < b.length; i++) b[i] = (rand() - 0.5) / 10;
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "bge-m3-studio bench",
    opsetImport: [{ domain: "", version: 17 }],
    graph: {
      name: `matmul_${m}x${k}x${n}`,
      node: [{ opType: "MatMul", input: ["A", "B"], output: ["C"], name: "matmul" }],
      initializer: [{ name: "B", dataType: FLOAT, dims: [k, n], rawData: new Uint8Array(b.buffer) }],
      input: [floatInput("A", [m, k])],
      output: [floatInput("C", [m, n])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** The external-data files (relative to the graph's folder) of every tensor in a graph and its subgraphs. */
function externalLocations(graph: Graph | null | undefined, into: Set<string>): void {
  if (!graph) return;
  const tensor = (t: Tensor | null | undefined) => {
    if (t?.dataLocation !== onnx.TensorProto.DataLocation.EXTERNAL) return;
    const location = (t.externalData ?? []).find((e) => e.key === "location")?.value;
    if (location) into.add(location);
  };
  for (const t of graph.initializer ?? []) tensor(t);
  for (const node of graph.node ?? []) {
    for (const a of node.attribute ?? []) {
      tensor(a.t);
      for (const t of a.tensors ?? []) tensor(t);
      externalLocations(a.g, into);
      for (const g of a.graphs ?? []) externalLocations(g, into);
    }
  }
}

/** The graph file and the external-data files it refers to (absolute paths), in that order. */
export function graphFiles(graphPath: string): string[] {
  const model = onnx.ModelProto.decode(readFileSync(graphPath));
  const locations = new Set<string>();
  externalLocations(model.graph, locations);
  const dir = path.dirname(graphPath);
  return [graphPath, ...[...locations].sort().map((l) => path.join(dir, l))];
}
