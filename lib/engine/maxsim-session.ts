/**
 * The MaxSim matrix of two long texts by onnxruntime: one [n, d] × [d, m] GEMM. Two 8,192-token texts make a
 * 137 GFLOP product, minutes in a JavaScript loop; small matrices stay in `maxSimMatrix`, whose float64 sums the
 * pages and the other routes share.
 */
import { maxSimMatrix } from "@/lib/m3/colbert";
import type { MaxSimMatrix, MultiVector } from "@/lib/m3/types";
import { buildFloatModel } from "@/lib/model/onnx-io";
import { createSession, runFloat } from "./ort";
import type { Session } from "./session";

/** Products (rows × cols × dim) from which onnxruntime is faster than JavaScript by far (~20 ms of JS). */
export const ORT_MAXSIM_MIN_PRODUCTS = 1 << 24;
/** Products from which a matrix runs in the inference thread's long lane (about a second on two cores). */
const LONG_LANE_PRODUCTS = 1 << 34;

/** a [n, d] · bᵀ → [n, m]. */
export function maxSimModel(dim: number): Uint8Array {
  return buildFloatModel({
    name: "bge_m3_maxsim",
    inputs: [
      { name: "a", dims: ["n", dim] },
      { name: "b", dims: ["m", dim] },
    ],
    outputs: [{ name: "maxsim", dims: ["n", "m"] }],
    nodes: [
      { opType: "Transpose", input: ["b"], output: ["bt"], name: "transpose_b" },
      { opType: "MatMul", input: ["a", "bt"], output: ["maxsim"], name: "dots" },
    ],
    weights: [],
  });
}

export class MaxSimRunner {
  private constructor(
    private readonly session: Session,
    readonly dim: number,
  ) {}

  static async create(dim: number, threads: number): Promise<MaxSimRunner> {
    const { session } = await createSession(maxSimModel(dim), { threads, device: "cpu" });
    return new MaxSimRunner(session, dim);
  }

  /** Every dot product between a's and b's vectors; large products run in onnxruntime. */
  async matrix(a: MultiVector, b: MultiVector): Promise<MaxSimMatrix> {
    if (a.dim !== this.dim || b.dim !== this.dim || a.rows * b.rows * a.dim < ORT_MAXSIM_MIN_PRODUCTS) {
      return maxSimMatrix(a, b);
    }
    const lane = a.rows * b.rows * a.dim >= LONG_LANE_PRODUCTS ? "long" : "short";
    const inputs = { a: { data: a.data, dims: [a.rows, a.dim] }, b: { data: b.data, dims: [b.rows, b.dim] } };
    const out = await runFloat(this.session, inputs, { lane });
    return { rows: a.rows, cols: b.rows, data: out.maxsim!.data };
  }
}
