/**
 * Runs an encoder on one padded batch, a step at a time: the whole graph in one step, or the stages of
 * lib/model/encoder-stages.ts. For each layer, attention runs a chunk of query rows at a time against every row's keys
 * and values, so one chunk's scores (batch × heads × chunk × length) are all the attention memory a step holds (flash
 * attention holds none: its chunks are bounded by FLASH_STEP_PAIRS, for time); then the layer's weights run on chunks
 * of about DENSE_STEP_TOKENS tokens. Then both heads, in one more step.
 * Every `session.run` goes through `step`, where the scheduler may let other work in between.
 * Plain JavaScript: the inference thread (ort-worker.mjs) imports it unbundled.
 */
import * as ort from "onnxruntime-node";
import { chunkRows, DENSE_STEP_TOKENS, flashRows, runsInOneStep } from "./step-sizes.mjs";

const product = (dims) => dims.reduce((a, b) => a * b, 1);

/**
 * Indices [s, e) along `axis` of a row-major float32 tensor: a view when they are contiguous (every axis before `axis`
 * has one index), else a copy into `scratch` (a Float32Array reused from step to step) when it is large enough.
 */
export function sliceAxis(data, dims, axis, s, e, scratch = null) {
  const outer = product(dims.slice(0, axis));
  const inner = product(dims.slice(axis + 1));
  const n = dims[axis];
  const width = (e - s) * inner;
  const sliced = dims.map((d, i) => (i === axis ? e - s : d));
  if (outer === 1) return new ort.Tensor("float32", data.subarray(s * inner, e * inner), sliced);
  const out =
    scratch && scratch.length >= outer * width ? scratch.subarray(0, outer * width) : new Float32Array(outer * width);
  for (let o = 0; o < outer; o++) out.set(data.subarray((o * n + s) * inner, (o * n + e) * inner), o * width);
  return new ort.Tensor("float32", out, sliced);
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

/** The axis along which each of a weight stage's outputs holds its sequence: h, q, kᵀ, v (or the hidden states). */
const OUTPUT_SEQ_AXIS = [1, 2, 3, 2];

/** A float32 tensor of `dims`: `spare` when it has those dims (the caller alternates two sets), else a new one. */
function tensorLike(spare, dims) {
  if (spare && spare.dims.length === dims.length && spare.dims.every((d, i) => d === dims[i])) return spare;
  return new ort.Tensor("float32", new Float32Array(product(dims)), dims);
}

/**
 * Runs `stage` on chunks of `rows` positions: `inputs[k]` is sliced along `inputAxes[k]` (null: passed whole), copied
 * into `scratch[k]` when the slice is not contiguous (the array keeps the buffers for the next call), and each output
 * is assembled along `outputAxes[k]` into `spare[k]` when its shape fits. One step when a chunk is all.
 */
async function runChunked(stage, inputs, inputAxes, outputAxes, rows, step, spare, scratch) {
  const seq = inputs[0].dims[inputAxes[0]];
  const feedsOf = (parts) => Object.fromEntries(stage.inputs.map((name, k) => [name, parts[k]]));
  if (rows >= seq) {
    const out = await step(() => stage.session.run(feedsOf(inputs)));
    return stage.outputs.map((name) => floats(out[name]));
  }
  // Chunks of equal size, so 1,025 rows are two steps of 513, not one of 1,024 and one of a single row.
  rows = Math.ceil(seq / Math.ceil(seq / rows));
  let whole = null;
  for (let s = 0; s < seq; s += rows) {
    const e = Math.min(seq, s + rows);
    const parts = inputs.map((t, k) => {
      if (inputAxes[k] === null) return t;
      const part = sliceAxis(t.data, t.dims, inputAxes[k], s, e, scratch[k]);
      // The first chunk is the largest: the buffer of its copy serves every later one.
      if (part.data.buffer !== t.data.buffer) scratch[k] ??= part.data;
      return part;
    });
    const out = await step(() => stage.session.run(feedsOf(parts)));
    const chunks = stage.outputs.map((name) => floats(out[name]));
    whole ??= chunks.map((c, k) =>
      tensorLike(
        spare[k],
        c.dims.map((d, i) => (i === outputAxes[k] ? seq : d)),
      ),
    );
    chunks.forEach((c, k) => {
      placeAxis(whole[k].data, whole[k].dims, outputAxes[k], s, c);
    });
  }
  return whole;
}

/**
 * The attention that a batch without padding runs instead of the masked one, or null: flash attention (a stage with
 * `heads`) only when the queries have that many heads.
 */
function unmaskedFor(stage, mask, q) {
  if (!stage || !mask.every((m) => m === 1n)) return null;
  return stage.heads == null || stage.heads === q.dims[1] ? stage : null;
}

/** Index 0 along `axis` of a float32 tensor (the [CLS] position), as its own tensor. */
const firstPosition = (t, axis) => sliceAxis(t.data, t.dims, axis, 0, 1);

/**
 * The [CLS] rows of a right-padded batch, and both heads' outputs unless `needs` is `dense`. `encoder`: { stages:
 * [{ session, inputs, outputs }], prefix: { session, inputs, outputs, maxSeq, maxTokens } or null,
 * unmaskedAttention: a stage (with `heads` for flash attention) or null, hiddenOutput, heads: session or null,
 * scoreElements }. One stage is the whole graph; several are the embeddings' stage, attention and one per layer. A
 * batch that `runsInOneStep` runs the prefix (every layer but the last) instead of the embeddings' stage and the
 * layers before the last; one without padding runs attention without its mask (`unmaskedFor`). With `needs` `dense`,
 * the last layer runs on the [CLS] position alone (every position's keys and values are in already), and the heads
 * do not run.
 * Returns the [CLS] rows [batch, hidden] and, with the heads, ColBERT projections [batch, seq, dim] and sparse
 * weights [batch, seq] (both heads' raw outputs).
 */
export async function encodeBatch(encoder, ids, mask, batch, seq, step, needs = "all") {
  const inputs = {
    input_ids: new ort.Tensor("int64", ids, [batch, seq]),
    attention_mask: new ort.Tensor("int64", mask, [batch, seq]),
  };
  const { prefix, stages } = encoder;
  const [first, attention, ...layers] = runsInOneStep(prefix, batch, seq) ? [prefix, stages[1], stages.at(-1)] : stages;
  const denseOnly = needs === "dense";
  const out0 = await step(() => first.session.run(inputs, first.outputs));
  let hidden;
  if (!attention) {
    hidden = floats(out0[encoder.hiddenOutput]);
  } else {
    let [h, q, kt, v] = first.outputs.slice(0, 4).map((name) => floats(out0[name]));
    const maskBias = floats(out0[first.outputs[4]]);
    // Without padding the mask adds only zeros.
    const unmasked = unmaskedFor(encoder.unmaskedAttention, mask, q);
    const attend = unmasked ?? attention;
    const attentionAxes = unmasked ? [2, null, null] : [2, null, null, null];
    const attentionRows = unmasked?.heads
      ? flashRows(batch, seq)
      : chunkRows(batch, q.dims[1], seq, encoder.scoreElements);
    const denseRows = Math.max(1, Math.floor(DENSE_STEP_TOKENS / batch));
    let context = null;
    let spare = [];
    const [attentionScratch, denseScratch] = [[], []];
    for (const [i, stage] of layers.entries()) {
      if (denseOnly && i === layers.length - 1) {
        q = firstPosition(q, 2);
        h = firstPosition(h, 1);
      }
      [context] = await runChunked(
        attend,
        unmasked ? [q, kt, v] : [q, kt, v, maskBias],
        attentionAxes,
        [2],
        attentionRows,
        step,
        [context],
        attentionScratch,
      );
      const next = await runChunked(stage, [context, h], [2, 1], OUTPUT_SEQ_AXIS, denseRows, step, spare, denseScratch);
      spare = [h, q, kt, v];
      [h, q, kt, v] = next;
    }
    hidden = h;
  }
  if (hidden.dims.length !== 3) throw new Error("the encoder's output is not a [batch, seq, hidden] tensor");
  const [positions, width] = [hidden.dims[1], hidden.dims[2]];
  const cls = new Float32Array(batch * width);
  for (let b = 0; b < batch; b++) {
    cls.set(hidden.data.subarray(b * positions * width, b * positions * width + width), b * width);
  }
  if (denseOnly) return { cls, hidden: width, heads: null };
  const heads = await step(() => encoder.heads.run({ hidden }));
  return {
    cls,
    hidden: width,
    heads: {
      colbert: floats(heads.colbert).data,
      colbertDim: heads.colbert.dims[2],
      sparse: floats(heads.sparse).data,
    },
  };
}
