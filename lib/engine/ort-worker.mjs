/**
 * The inference thread. onnxruntime-node runs `session.run` synchronously on the calling thread, so on the server's
 * main thread every inference would stop all HTTP traffic (and with it, dynamic batching: no request can arrive while
 * a batch runs). Sessions live here instead; the main thread sends tensors and gets tensors back (see ort.ts).
 * Plain JavaScript: it is started by path from both the Next server and scripts, unbundled.
 */
import { parentPort } from "node:worker_threads";
import * as ort from "onnxruntime-node";

const sessions = new Map();
let nextId = 1;

const plain = (t) => ({ type: t.type, data: t.data, dims: [...t.dims] });

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
      const out = await session.run(feeds, msg.fetches ?? undefined);
      return { outputs: Object.fromEntries(Object.entries(out).map(([name, t]) => [name, plain(t)])) };
    }
    case "release": {
      await sessions.get(msg.session)?.release();
      sessions.delete(msg.session);
      return {};
    }
    default:
      throw new Error(`unknown message ${msg.type}`);
  }
}

parentPort.on("message", async (msg) => {
  let reply;
  try {
    reply = { id: msg.id, ok: true, ...(await handle(msg)) };
  } catch (e) {
    parentPort.postMessage({ id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) });
    return;
  }
  // Hand the output buffers over without copying when they can move; copy them when they cannot (external memory).
  const buffers = new Set(Object.values(reply.outputs ?? {}).map((t) => t.data.buffer));
  try {
    parentPort.postMessage(reply, [...buffers]);
  } catch {
    parentPort.postMessage(reply);
  }
});
