/**
 * Runs an encoder on one padded batch, a step at a time: the whole graph in one step, or the stages of
 * lib/model/encoder-stages.ts with each layer taken a chunk of query rows at a time, so one chunk's attention scores
 * (batch × heads × chunk × length) are all the attention memory a step holds. Then both heads, in one more step.
 * Every `session.run` goes through `step`, where the scheduler may let other work in between.
 * Plain JavaScript: the inference thread (ort-worker.mjs) imports it unbundled.
 */
import * as ort from "onnxruntime-node";
import { chunkRows } from "./chunk-rows.mjs";

const product = (dims) => dims.reduce((a, b) => a * b, 1);

/** A copy of indices [s, e) along `axis` of a row-major float32 tensor. */
export function sliceAxis(data, dims, axis, s, e) {
  const outer = product(dims.slice(0, axis));
  const inner = product(dims.slice(axis + 1));
  const n = dims[axis];
  const width = (e - s) * inner;
  const out = new Float32Array(outer * width);
  for (let o = 0; o < outer; o++) out.set(data.subarray((o * n + s) * inner, (o * n + e) * inner), o * width);
  return new ort.Tensor(
    "float32",
    out,
    dims.map((d, i) => (i === axis ? e - s : d)),
  );
}

/** Writes `part` (a tensor of `part.dims[axis]` indices) into `into` (of `dims`) from index `s` along `axis`. */
export function placeAxis(into, dims, axis, s, part) {
  const outer = product(dims.slice(0, axis));
  const inner = product(dims.slice(axis + 1));
  const n = dims[axis];
  const width = part.dims[axis] * inner;
  for (let o = 0; o < outer; o++) into.set(part.data.subarray(o * width, (o + 1) * width), (o * n + s) * inner);
}

const floats = (t) => {
  if (t.type !== "float32") throw new Error(`expected a float32 tensor, got ${t.type}`);
  return t;
};

/** The axis along which each of a stage's row-wise tensors holds its sequence: h, q, kᵀ, v. */
const SEQ_AXIS = [1, 2, 3, 2];

/** A float32 tensor of `dims`: `spare`'s buffer when it has those dims (layers alternate two sets), else a new one. */
function tensorLike(spare, dims) {
  if (spare && spare.dims.length === dims.length && spare.dims.every((d, i) => d === dims[i])) return spare;
  return new ort.Tensor("float32", new Float32Array(product(dims)), dims);
}

/**
 * One layer's stage over every chunk of rows; returns the next layer's [h, q, kᵀ, v] (or [hidden] after the last),
 * written into `spare` (the tensors of the layer before) when their shapes match.
 */
async function runLayer(stage, tensors, maskBias, rows, step, spare) {
  const [h, q, kt, v] = tensors;
  const seq = h.dims[1];
  const feedsFor = (parts) => Object.fromEntries(stage.inputs.map((name, k) => [name, k < 4 ? parts[k] : maskBias]));
  if (rows >= seq) {
    const out = await step(() => stage.session.run(feedsFor([h, q, kt, v])));
    return stage.outputs.map((name) => floats(out[name]));
  }
  let next = null;
  for (let s = 0; s < seq; s += rows) {
    const e = Math.min(seq, s + rows);
    const chunk = [sliceAxis(h.data, h.dims, 1, s, e), sliceAxis(q.data, q.dims, 2, s, e), kt, v];
    const out = await step(() => stage.session.run(feedsFor(chunk)));
    const parts = stage.outputs.map((name) => floats(out[name]));
    next ??= parts.map((p, k) =>
      tensorLike(
        spare?.[k],
        p.dims.map((d, i) => (i === SEQ_AXIS[k] ? seq : d)),
      ),
    );
    parts.forEach((p, k) => {
      placeAxis(next[k].data, next[k].dims, SEQ_AXIS[k], s, p);
    });
  }
  return next;
}

/**
 * Hidden states of a right-padded batch. `encoder`: { stages: [{ session, inputs, outputs }], hiddenOutput,
 * heads: session or null, scoreElements }. One stage is the whole graph; several are the embeddings' stage and one
 * per layer. Returns the [CLS] rows [batch, hidden], ColBERT projections [batch, seq, dim] and sparse weights
 * [batch, seq] (both heads' raw outputs), with their dimensions.
 */
export async function encodeBatch(encoder, ids, mask, batch, seq, step) {
  const inputs = {
    input_ids: new ort.Tensor("int64", ids, [batch, seq]),
    attention_mask: new ort.Tensor("int64", mask, [batch, seq]),
  };
  const [first, ...layers] = encoder.stages;
  const out0 = await step(() => first.session.run(inputs, first.outputs));
  let hidden;
  if (layers.length === 0) {
    hidden = floats(out0[encoder.hiddenOutput]);
  } else {
    let tensors = first.outputs.slice(0, 4).map((name) => floats(out0[name]));
    const maskBias = floats(out0[first.outputs[4]]);
    const heads = tensors[1].dims[1];
    const rows = chunkRows(batch, heads, seq, encoder.scoreElements);
    let spare = null;
    for (const stage of layers) {
      const next = await runLayer(stage, tensors, maskBias, rows, step, spare);
      spare = tensors;
      tensors = next;
    }
    hidden = tensors[0];
  }
  if (hidden.dims.length !== 3) throw new Error("the encoder's output is not a [batch, seq, hidden] tensor");
  const width = hidden.dims[2];
  const cls = new Float32Array(batch * width);
  for (let b = 0; b < batch; b++) cls.set(hidden.data.subarray(b * seq * width, b * seq * width + width), b * width);
  const heads = await step(() => encoder.heads.run({ hidden }));
  return {
    cls,
    hidden: width,
    colbert: floats(heads.colbert).data,
    colbertDim: heads.colbert.dims[2],
    sparse: floats(heads.sparse).data,
  };
}
