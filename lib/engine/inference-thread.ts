/**
 * The main thread's side of the inference thread (ort-worker.mjs): one worker per process, sessions and encoders
 * created and run there by message. The worker keeps the process alive only while a request is in flight.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { InferenceSession } from "onnxruntime-node";
import { cancelledError as cancelled } from "./errors";
import type { EncodedBatch, Encoder, EncoderGraphs, Session, TensorLike } from "./session";

interface Pending {
  resolve(reply: Reply): void;
  reject(err: Error): void;
}

interface Reply {
  id: number;
  ok: boolean;
  error?: string;
  cancelled?: boolean;
  session?: number;
  encoder?: number;
  inputNames?: string[];
  outputNames?: string[];
  outputs?: Record<string, TensorLike>;
  encoded?: EncodedBatch;
}

/** What the inference thread needs to build an encoder: its graphs and the session options. */
export interface EncoderSpec extends EncoderGraphs {
  options: InferenceSession.SessionOptions;
  headsOptions: InferenceSession.SessionOptions;
}

/** Started by path, unbundled: the project root is the working directory of `npm start`, tests and scripts. */
const WORKER_FILE = path.join(process.cwd(), "lib", "engine", "ort-worker.mjs");

const plainFeeds = (feeds: Record<string, TensorLike>) =>
  Object.fromEntries(
    Object.entries(feeds).map(([name, t]) => [name, { type: t.type, data: t.data, dims: [...t.dims] }]),
  );

export class InferenceThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** The process's inference thread (kept on globalThis, so dev-server reloads share it). */
  static shared(): InferenceThread {
    const g = globalThis as typeof globalThis & { __bgeM3InferenceThread?: InferenceThread };
    g.__bgeM3InferenceThread ??= new InferenceThread();
    return g.__bgeM3InferenceThread;
  }

  async createSession(model: string | Uint8Array, options: InferenceSession.SessionOptions): Promise<Session> {
    const reply = await this.call({ type: "create", model, options });
    const id = reply.session!;
    return {
      inputNames: reply.inputNames ?? [],
      outputNames: reply.outputNames ?? [],
      run: async (feeds, fetches, runOptions) => {
        const message = {
          type: "run",
          session: id,
          feeds: plainFeeds(feeds),
          fetches: fetches ? [...fetches] : null,
          lane: runOptions?.lane ?? "short",
        };
        return (await this.call(message)).outputs!;
      },
      release: async () => {
        await this.call({ type: "release", session: id });
      },
    };
  }

  async createEncoder(spec: EncoderSpec): Promise<Encoder> {
    const reply = await this.call({ type: "createEncoder", ...spec, stages: spec.stages.map((s) => ({ ...s })) });
    const id = reply.encoder!;
    return {
      encode: async (ids, mask, batch, seq, call = {}) => {
        const message = { type: "encode", encoder: id, ids, mask, batch, seq, lane: call.lane ?? "short" };
        return (await this.call(message, call.signal)).encoded!;
      },
      release: async () => {
        await this.call({ type: "release", encoder: id });
      },
    };
  }

  /** Sends a message and resolves with its reply; an aborted `signal` cancels the work in the thread. */
  private call(message: Record<string, unknown>, signal?: AbortSignal): Promise<Reply> {
    if (signal?.aborted) return Promise.reject(cancelled());
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    worker.ref();
    const onAbort = () => {
      try {
        worker.postMessage({ type: "cancel", job: id, id: this.nextId++ });
      } catch {
        // The thread is gone: its exit handler rejects the call.
      }
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    return new Promise<Reply>((resolve, reject) => {
      const settle = () => signal?.removeEventListener("abort", onAbort);
      this.pending.set(id, {
        resolve: (r) => {
          settle();
          resolve(r);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      });
      try {
        worker.postMessage({ ...message, id });
      } catch (err) {
        // A message that cannot be cloned never reaches the thread: nothing will answer it.
        this.pending.delete(id);
        if (this.pending.size === 0) worker.unref();
        settle();
        reject(err);
      }
    });
  }

  private start(): Worker {
    const worker = new Worker(WORKER_FILE);
    worker.unref();
    worker.on("message", (reply: Reply) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (!p) return;
      if (reply.ok) p.resolve(reply);
      else p.reject(reply.cancelled ? cancelled() : new Error(reply.error ?? "inference failed"));
    });
    const fail = (err: Error) => {
      this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the inference thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
