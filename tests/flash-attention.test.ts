/**
 * `keyPaddingOf` (lib/model/flash-attention.ts): the graph's attention mask bias is taken for MultiHeadAttention's key
 * padding mask only when it is exactly (1 − float(mask)) × c over the keys' axis, with c a large negative number.
 */
import { describe, expect, it } from "vitest";
import { keyPaddingOf } from "@/lib/model/flash-attention";
import { type NodeProto, onnx } from "@/lib/model/onnx-io";

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const LOWEST = -3.4028234663852886e38;

/** The official export's chain, with parts replaceable; `keyPaddingOf` on it. */
function detect({
  c = LOWEST,
  one = 1,
  to = FLOAT,
  axes = [[1], [2]],
  input = "attention_mask",
  mulInputs = ["sub", "c"],
}: {
  c?: number;
  one?: number;
  to?: number;
  axes?: number[][];
  input?: string;
  mulInputs?: string[];
} = {}) {
  const node = (opType: string, inputs: string[], output: string, attribute: object[] = []) =>
    ({ opType, input: inputs, output: [output], attribute }) as NodeProto;
  const nodes = [
    node("Mul", mulInputs, "bias"),
    node("Sub", ["one", "cast"], "sub"),
    node("Cast", ["u2"], "cast", [{ name: "to", i: to }]),
    node("Unsqueeze", ["u1", "axes2"], "u2"),
    node("Unsqueeze", [input, "axes1"], "u1"),
  ];
  const byOutput = new Map(nodes.map((n) => [n.output![0]!, n]));
  const scalars: Record<string, number> = { one, c };
  const ints: Record<string, number[]> = { axes1: axes[0]!, axes2: axes[1]! };
  return keyPaddingOf(
    "bias",
    (name) => byOutput.get(name),
    (name) => scalars[name] ?? null,
    (name) => ints[name] ?? null,
    "attention_mask",
  );
}

describe("keyPaddingOf", () => {
  it("finds the attention mask and the bias at padding in the official export's chain, in either order of Mul", () => {
    expect(detect()).toEqual({ input: "attention_mask", filterValue: LOWEST });
    expect(detect({ mulInputs: ["c", "sub"], c: -1e4 })).toEqual({ input: "attention_mask", filterValue: -1e4 });
  });

  it("refuses a chain that masks anything else, or masks too little", () => {
    expect(detect({ axes: [[1], [3]] })).toBeNull(); // [B, 1, S, 1]: the queries' axis
    expect(detect({ c: -1 })).toBeNull(); // a bias a softmax does not drown
    expect(detect({ one: 0 })).toBeNull(); // −mask × c masks the tokens, not the padding
    expect(detect({ to: onnx.TensorProto.DataType.INT64 })).toBeNull();
    expect(detect({ input: "input_ids" })).toBeNull(); // (1 − id) × c is no padding mask
  });
});
