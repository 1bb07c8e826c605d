/**
 * The encoder as a user would run it: `InferenceSession.create(path)` with onnxruntime's default options (threads =
 * cores, spinning on), fed right-padded batches of token ids, reading the hidden states. The baseline of cases 1, 2
 * and 12.
 */
import * as ort from "onnxruntime-node";

export async function userSession(graph: string) {
  const session = await ort.InferenceSession.create(graph);
  const output = session.outputNames.find((n) => n === "token_embeddings" || n === "last_hidden_state")!;
  return {
    run: async (batch: readonly (readonly number[])[]) => {
      const seq = Math.max(...batch.map((ids) => ids.length));
      const ids = new BigInt64Array(batch.length * seq).fill(1n);
      const mask = new BigInt64Array(batch.length * seq);
      batch.forEach((row, r) => {
        row.forEach((id, i) => {
          ids[r * seq + i] = BigInt(id);
          mask[r * seq + i] = 1n;
        });
      });
      const dims = [batch.length, seq];
      const feeds = {
        input_ids: new ort.Tensor("int64", ids, dims),
        attention_mask: new ort.Tensor("int64", mask, dims),
      };
      return (await session.run(feeds, [output]))[output];
    },
    release: () => session.release(),
  };
}
