/**
 * ONNX models for the bench: a one-node MatMul model built in memory, and the files a graph is made of.
 */
import path from "node:path";
import { buildFloatModel, externalDataFiles, readOnnxModel } from "../../lib/model/onnx-io";
import { prng } from "../lib/load";

/** C[m, n] = A[m, k] × B[k, n]: A is the input, B a random initializer (values in ±0.05). */
export function matmulModel(m: number, k: number, n: number): Uint8Array {
  const rand = prng(m * 31 + k * 7 + n);
  const b = new Float32Array(k * n);
  for (let i = 0; i < b.length; i++) b[i] = (rand() - 0.5) / 10;
  return buildFloatModel({
    name: `matmul_${m}x${k}x${n}`,
    inputs: [{ name: "A", dims: [m, k] }],
    outputs: [{ name: "C", dims: [m, n] }],
    nodes: [{ opType: "MatMul", input: ["A", "B"], output: ["C"], name: "matmul" }],
    weights: [{ name: "B", dims: [k, n], data: b }],
  });
}

/** The graph file and the external-data files it refers to (absolute paths), in that order. */
export function graphFiles(graphPath: string): string[] {
  const file = path.resolve(graphPath);
  return [file, ...externalDataFiles(readOnnxModel(file))];
}
