/**
 * The test model's ONNX graph in this process, as a serving cluster would run it: token ids in, every position's
 * hidden state out. Shared by the fake v2 and TEI servers.
 */
import path from "node:path";
import * as ort from "onnxruntime-node";

export const FAKE_MODEL_DIR = "models/bge-m3-tiny";

/** Which model a fake server serves: its directory (tokenizer) and ONNX graph (default: the test model's). */
export interface FakeModelOptions {
  modelDir?: string;
  graph?: string;
}

export interface EncoderModel {
  session: ort.InferenceSession;
  /** The graph's token-level output (token_embeddings for the official export). */
  output: string;
  hidden: number;
  run(ids: BigInt64Array, mask: BigInt64Array, rows: number, seq: number): Promise<Float32Array>;
  release(): Promise<void>;
}

export async function loadEncoderModel(opts: FakeModelOptions = {}): Promise<EncoderModel> {
  const file = path.resolve(opts.graph ?? path.join(opts.modelDir ?? FAKE_MODEL_DIR, "onnx", "model.onnx"));
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const output = ["token_embeddings", "last_hidden_state"].find((n) => session.outputNames.includes(n));
  if (!output) throw new Error(`${file} has no token-level output`);
  const meta = session.outputMetadata.find((m) => m.name === output);
  const hidden = meta?.isTensor ? Number(meta.shape.at(-1)) : Number.NaN;
  return {
    session,
    output,
    hidden,
    async run(ids, mask, rows, seq) {
      const out = await session.run(
        {
          input_ids: new ort.Tensor("int64", ids, [rows, seq]),
          attention_mask: new ort.Tensor("int64", mask, [rows, seq]),
        },
        [output],
      );
      return out[output]!.data as Float32Array;
    },
    release: () => session.release(),
  };
}

/** Right-pads rows of ids (id 1, mask 0) into one batch. */
export function padRows(rows: readonly number[][]): { ids: BigInt64Array; mask: BigInt64Array; seq: number } {
  const seq = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(rows.length * seq).fill(1n);
  const mask = new BigInt64Array(rows.length * seq);
  rows.forEach((r, k) => {
    r.forEach((id, i) => {
      ids[k * seq + i] = BigInt(id);
      mask[k * seq + i] = 1n;
    });
  });
  return { ids, mask, seq };
}
