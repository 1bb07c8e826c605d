/**
 * bge-m3's two heads as one ONNX graph, run by the inference thread on a whole batch of hidden states right after the
 * encoder: one [B, S, D] × [D, D] GEMM for ColBERT and one [B, S, D] × [D, 1] for the sparse weights. On an 8,192-token
 * text the ColBERT projection alone is 17 GFLOP, seconds in JavaScript and a fraction of one in onnxruntime.
 */
import { buildFloatModel } from "@/lib/model/onnx-io";
import type { LinearHead } from "./heads";

/** torch.nn.Linear keeps W as [out, in]; MatMul wants [in, out]. */
function transposed(head: LinearHead): Float32Array {
  const { inFeatures: n, outFeatures: m, weight } = head;
  const t = new Float32Array(n * m);
  for (let j = 0; j < m; j++) for (let k = 0; k < n; k++) t[k * m + j] = weight[j * n + k]!;
  return t;
}

/** The heads as one ONNX graph: hidden [B, S, D] → colbert [B, S, D'], sparse [B, S, 1]. */
export function headsModel(sparse: LinearHead, colbert: LinearHead): Uint8Array {
  const d = colbert.inFeatures;
  return buildFloatModel({
    name: "bge_m3_heads",
    inputs: [{ name: "hidden", dims: ["batch", "seq", d] }],
    outputs: [
      { name: "colbert", dims: ["batch", "seq", colbert.outFeatures] },
      { name: "sparse", dims: ["batch", "seq", 1] },
    ],
    nodes: [
      { opType: "MatMul", input: ["hidden", "colbert_w"], output: ["colbert_xw"], name: "colbert_matmul" },
      { opType: "Add", input: ["colbert_xw", "colbert_b"], output: ["colbert"], name: "colbert_bias" },
      { opType: "MatMul", input: ["hidden", "sparse_w"], output: ["sparse_xw"], name: "sparse_matmul" },
      { opType: "Add", input: ["sparse_xw", "sparse_b"], output: ["sparse_lin"], name: "sparse_bias" },
      { opType: "Relu", input: ["sparse_lin"], output: ["sparse"], name: "sparse_relu" },
    ],
    weights: [
      { name: "colbert_w", dims: [d, colbert.outFeatures], data: transposed(colbert) },
      { name: "colbert_b", dims: [colbert.outFeatures], data: colbert.bias },
      { name: "sparse_w", dims: [d, 1], data: transposed(sparse) },
      { name: "sparse_b", dims: [1], data: sparse.bias },
    ],
  });
}
