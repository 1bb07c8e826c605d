/**
 * The inference thread. onnxruntime-node runs `session.run` synchronously on the calling thread, so on the server's
 * main thread every inference would stop all HTTP traffic (and with it, dynamic batching: no request can arrive while
 * a batch runs). Sessions live here instead; the main thread sends tensors and gets tensors back (see ort.ts).
 * Every run is a step of the StepScheduler, so a short query can run between the steps of a long text, and cancelled
 * work stops at its next step.
 * Sessions and encoders are kept under the ids the main thread gives them, so a new thread can be given the same ones
 * after this one died (inference-thread.ts). Every native call goes through `nativeCall` (native-calls.mjs).
 * One message exists for tests only, honoured under NODE_ENV=test: `{ type: "exit", code }` ends this thread with
 * `process.exit(code)` between two steps, as a crash would.
 * Plain JavaScript: it is started by path from both the Next server and scripts, unbundled.
 */
import { parentPort, workerData } from "node:worker_threads";
import * as ort from "onnxruntime-node";
import { changedModelFile, ModelFileChangedError } from "./model-files.mjs";
import { nativeCall } from "./native-calls.mjs";
import { encodeBatch } from "./stage-runner.mjs";
import { CancelledError, StepScheduler } from "./step-scheduler.mjs";

/** Sessions and encoders by id, as promises: a run may arrive while its session is still being created. */
const sessions = new Map();
const encoders = new Map();
/** Jobs by the id of the message that started them, so a `cancel` message can reach them. */
const jobs = new Map();
const scheduler = new StepScheduler();
const native = (fn) => nativeCall(workerData.nativeCalls, fn);

const plain = (t) => ({ type: t.type, data: t.data, dims: [...t.dims] });

/** Throws when a file the encoder reads changed since the main thread loaded the model. */
function assertUnchanged(encoder) {
  const changed = changedModelFile(encoder.files);
  if (changed) throw changed;
}

async function createEncoder(msg) {
  assertUnchanged(msg);
  const created = [];
  try {
    const stage = async (s) => {
      const options = { ...msg.options, enableCpuMemArena: s.arena };
      const session = await native(() => ort.InferenceSession.create(s.model, options));
      created.push(session);
      return { session, inputs: s.inputs, outputs: s.outputs, heads: s.heads ?? null };
    };
    const stages = [];
    for (const s of msg.stages) stages.push(await stage(s));
    const unmaskedAttention = msg.unmaskedAttention ? await stage(msg.unmaskedAttention) : null;
    let prefix = null;
    if (msg.prefix) {
      const session = await native(() => ort.InferenceSession.create(msg.prefix.model, msg.prefixOptions));
      created.push(session);
      const { outputs, maxSeq, maxTokens } = msg.prefix;
      prefix = { session, inputs: [], outputs, maxSeq, maxTokens };
    }
    const heads = await native(() => ort.InferenceSession.create(msg.heads, msg.headsOptions ?? msg.options));
    created.push(heads);
    const { hiddenOutput, scoreElements, files } = msg;
    return { stages, prefix, unmaskedAttention, heads, hiddenOutput, scoreElements, files };
  } catch (e) {
    await Promise.all(created.map((s) => native(() => s.release()).catch(() => undefined)));
    throw e;
  }
}

/** What `map` holds under `id`, once created. */
async function lookUp(map, id, what) {
  const made = map.get(id);
  if (!made) throw new Error(`no ${what} ${id} in the inference thread`);
  return made;
}

/** Keeps the creation under `id` and answers once it is done; a failed creation stays, so later calls report it. */
function keep(map, id, creation) {
  creation.catch(() => undefined);
  map.set(id, creation);
  return creation;
}

async function release(msg) {
  const session = sessions.get(msg.session);
  sessions.delete(msg.session);
  const encoder = encoders.get(msg.encoder);
  encoders.delete(msg.encoder);
  const s = await session?.catch(() => null);
  if (s) await native(() => s.release());
  const e = await encoder?.catch(() => null);
  if (e) {
    const all = [e.prefix, e.unmaskedAttention, ...e.stages].filter(Boolean).map((st) => st.session);
    for (const x of [...all, e.heads]) await native(() => x.release());
  }
}

async function handle(msg) {
  switch (msg.type) {
    case "create": {
      const session = await keep(
        sessions,
        msg.session,
        native(() => ort.InferenceSession.create(msg.model, msg.options)),
      );
      return { inputNames: session.inputNames, outputNames: session.outputNames };
    }
    case "run": {
      const session = await lookUp(sessions, msg.session, "session");
      const feeds = Object.fromEntries(
        Object.entries(msg.feeds).map(([name, t]) => [name, new ort.Tensor(t.type, t.data, t.dims)]),
      );
      const job = { lane: msg.lane ?? "short", cancelled: false };
      const out = await scheduler.step(job, () => native(() => session.run(feeds, msg.fetches ?? undefined)));
      return { outputs: Object.fromEntries(Object.entries(out).map(([name, t]) => [name, plain(t)])) };
    }
    case "createEncoder":
      await keep(encoders, msg.encoder, createEncoder(msg));
      return {};
    case "encode": {
      const encoder = await lookUp(encoders, msg.encoder, "encoder");
      const job = { lane: msg.lane === "long" ? "long" : "short", cancelled: false };
      jobs.set(msg.id, job);
      try {
        const step = (fn) =>
          scheduler.step(job, () => {
            assertUnchanged(encoder);
            return native(fn);
          });
        const needs = msg.needs === "dense" ? "dense" : "all";
        const r = await encodeBatch(encoder, msg.ids, msg.mask, msg.batch, msg.seq, step, needs);
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
    case "release":
      await release(msg);
      return {};
    case "exit":
      if (process.env.NODE_ENV !== "test") throw new Error("the exit message is for tests only");
      process.exit(msg.code ?? 1);
      return {};
    default:
      throw new Error(`unknown message ${msg.type}`);
  }
}

/** The engine error kind of a failure the main thread reports as more than a message. */
function kindOf(e) {
  if (e instanceof CancelledError) return "cancelled";
  if (e instanceof ModelFileChangedError) return "model_changed";
  return undefined;
}

function transferables(reply) {
  const arrays = [
    ...Object.values(reply.outputs ?? {}).map((t) => t.data),
    ...(reply.encoded ? [reply.encoded.cls] : []),
    ...(reply.encoded?.heads ? [reply.encoded.heads.colbert, reply.encoded.heads.sparse] : []),
  ];
  return [...new Set(arrays.map((a) => a.buffer))];
}

parentPort.on("message", async (msg) => {
  let reply;
  try {
    reply = { id: msg.id, ok: true, ...(await handle(msg)) };
  } catch (e) {
    parentPort.postMessage({
      id: msg.id,
      ok: false,
      kind: kindOf(e),
      error: e instanceof Error ? e.message : String(e),
    });
    return;
  }
  // Hand the output buffers over without copying when they can move; copy them when they cannot (external memory).
  try {
    parentPort.postMessage(reply, transferables(reply));
  } catch {
    parentPort.postMessage(reply);
  }
});
