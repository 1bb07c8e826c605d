/**
 * The inference thread. onnxruntime-node runs `session.run` synchronously on the calling thread, so on the server's
 * main thread every inference would stop all HTTP traffic (and with it, dynamic batching: no request can arrive while
 * a batch runs). Sessions live here instead; the main thread sends tensors and gets tensors back (see ort.ts).
 * Every run is a step of the StepScheduler, so a short query can run between the steps of a long text, and cancelled
 * work stops at its next step.
 * Plain JavaScript: it is started by path from both the Next server and scripts, unbundled.
 */
import { parentPort } from "node:worker_threads";
import * as ort from "onnxruntime-node";
import { encodeBatch } from "./stage-runner.mjs";
import { CancelledError, StepScheduler } from "./step-scheduler.mjs";

const sessions = new Map();
const encoders = new Map();
/** Jobs by the id of the message that started them, so a `cancel` message can reach them. */
const jobs = new Map();
const scheduler = new StepScheduler();
let nextId = 1;

const plain = (t) => ({ type: t.type, data: t.data, dims: [...t.dims] });

async function createEncoder(msg) {
  const created = [];
  try {
    const stages = [];
    for (const s of msg.stages) {
      const session = await ort.InferenceSession.create(s.model, { ...msg.options, enableCpuMemArena: s.arena });
      created.push(session);
      stages.push({ session, inputs: s.inputs, outputs: s.outputs });
    }
    const heads = await ort.InferenceSession.create(msg.heads, msg.headsOptions ?? msg.options);
    created.push(heads);
    const id = nextId++;
    encoders.set(id, { stages, heads, hiddenOutput: msg.hiddenOutput, scoreElements: msg.scoreElements });
    return { encoder: id };
  } catch (e) {
    await Promise.all(created.map((s) => s.release().catch(() => undefined)));
    throw e;
  }
}

async function handle(msg) {
  switch (msg.type) {
    case "create": {
      const session = await ort.InferenceSession.create(msg.model, msg.options);
      const id = nextId++;
      sessions.set(id, session);
      return { session: id, inputNames: session.inputNames, outputNames: session.outputNames };
    }
    case "run": {
      const session = sessions.get(msg.session);
      if (!session) throw new Error(`no session ${msg.session} in the inference thread`);
      const feeds = Object.fromEntries(
        Object.entries(msg.feeds).map(([name, t]) => [name, new ort.Tensor(t.type, t.data, t.dims)]),
      );
      const job = { lane: msg.lane ?? "short", cancelled: false };
      const out = await scheduler.step(job, () => session.run(feeds, msg.fetches ?? undefined));
      return { outputs: Object.fromEntries(Object.entries(out).map(([name, t]) => [name, plain(t)])) };
    }
    case "createEncoder":
      return createEncoder(msg);
    case "encode": {
      const encoder = encoders.get(msg.encoder);
      if (!encoder) throw new Error(`no encoder ${msg.encoder} in the inference thread`);
      const job = { lane: msg.lane === "long" ? "long" : "short", cancelled: false };
      jobs.set(msg.id, job);
      try {
        const step = (fn) => scheduler.step(job, fn);
        const r = await encodeBatch(encoder, msg.ids, msg.mask, msg.batch, msg.seq, step);
        return { encoded: r };
      } finally {
        jobs.delete(msg.id);
      }
    }
    case "cancel": {
      const job = jobs.get(msg.job);
      if (job) job.cancelled = true;
      scheduler.dropCancelled();
      return {};
    }
    case "release": {
      await sessions.get(msg.session)?.release();
      sessions.delete(msg.session);
      const encoder = encoders.get(msg.encoder);
      if (encoder) {
        for (const s of [...encoder.stages.map((x) => x.session), encoder.heads]) await s.release();
        encoders.delete(msg.encoder);
      }
      return {};
    }
    default:
      throw new Error(`unknown message ${msg.type}`);
  }
}

function transferables(reply) {
  const arrays = [
    ...Object.values(reply.outputs ?? {}).map((t) => t.data),
    ...(reply.encoded ? [reply.encoded.cls, reply.encoded.colbert, reply.encoded.sparse] : []),
  ];
  return [...new Set(arrays.map((a) => a.buffer))];
}

parentPort.on("message", async (msg) => {
  let reply;
  try {
    reply = { id: msg.id, ok: true, ...(await handle(msg)) };
  } catch (e) {
    const cancelled = e instanceof CancelledError;
    parentPort.postMessage({ id: msg.id, ok: false, cancelled, error: e instanceof Error ? e.message : String(e) });
    return;
  }
  // Hand the output buffers over without copying when they can move; copy them when they cannot (external memory).
  try {
    parentPort.postMessage(reply, transferables(reply));
  } catch {
    parentPort.postMessage(reply);
  }
});
