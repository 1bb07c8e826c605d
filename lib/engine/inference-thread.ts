/**
 * The main thread's side of the inference thread (ort-worker.mjs): one worker per process, sessions and encoders
 * created and run there by message. The worker keeps the process alive only while a request is in flight.
 * When the thread dies, the calls it held fail with `engine_restarting`, and the next call starts a new thread that is
 * given every live session and encoder again. When the process exits, it first waits for the thread's running native
 * call (native-calls.mjs).
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { InferenceSession } from "onnxruntime-node";
import { log } from "@/lib/log";
import { cancelledError as cancelled, EngineError } from "./errors";
import { drainNativeCalls, nativeCallFlags } from "./native-calls.mjs";
import type { EncodedBatch, Encoder, EncoderGraphs, Session, TensorLike } from "./session";

interface Pending {
  resolve(reply: Reply): void;
  reject(err: Error): void;
}

interface Reply {
  id: number;
  ok: boolean;
  error?: string;
  /** Set when the failure is one of the engine's own errors. */
  kind?: "cancelled" | "model_changed";
  inputNames?: string[];
  outputNames?: string[];
  outputs?: Record<string, TensorLike>;
  encoded?: EncodedBatch;
}

/** What the inference thread needs to build an encoder: its graphs and the session options. */
export interface EncoderSpec extends EncoderGraphs {
  options: InferenceSession.SessionOptions;
  /** For the prefix of short batches, which runs all but their last layer in one run. */
  prefixOptions: InferenceSession.SessionOptions;
  headsOptions: InferenceSession.SessionOptions;
}

/** Started by path, unbundled: the project root is the working directory of `npm start`, tests and scripts. */
const WORKER_FILE = path.join(process.cwd(), "lib", "engine", "ort-worker.mjs");

/** Seconds a client should wait before retrying work a dead thread held: a new thread starts with the next call. */
const RESTART_RETRY_AFTER_S = 1;
/** How long the process's exit waits for the thread's running native call. */
const EXIT_WAIT_MS = 20_000;

const plainFeeds = (feeds: Record<string, TensorLike>) =>
  Object.fromEntries(
    Object.entries(feeds).map(([name, t]) => [name, { type: t.type, data: t.data, dims: [...t.dims] }]),
  );

/** The error of a call whose thread died under it. */
const restarting = (reason: string) =>
  new EngineError(
    "engine_restarting",
    `the inference thread stopped (${reason}) while this request was running; a new one starts with the next request`,
    undefined,
    RESTART_RETRY_AFTER_S,
  );

/** The error a failed reply stands for. */
function replyError(reply: Reply): Error {
  if (reply.kind === "cancelled") return cancelled();
  if (reply.kind === "model_changed") return new EngineError("model_changed", reply.error ?? "a model file changed");
  return new Error(reply.error ?? "inference failed");
}

export class InferenceThread {
  private worker: Worker | null = null;
  private nativeCalls: Int32Array | null = null;
  private readonly pending = new Map<number, Pending>();
  /** The message that created each live session and encoder: a thread started after one died gets them all again. */
  private readonly creations = new Map<string, Record<string, unknown>>();
  private nextId = 1;

  private constructor() {
    process.once("exit", () => {
      if (this.nativeCalls && !drainNativeCalls(this.nativeCalls, EXIT_WAIT_MS)) {
        console.error(`the inference thread's native call did not finish within ${EXIT_WAIT_MS / 1000} s of exit`);
      }
    });
  }

  /** The process's inference thread (kept on globalThis, so dev-server reloads share it). */
  static shared(): InferenceThread {
    const g = globalThis as typeof globalThis & { __bgeM3InferenceThread?: InferenceThread };
    g.__bgeM3InferenceThread ??= new InferenceThread();
    return g.__bgeM3InferenceThread;
  }

  /** Calls sent to the thread and not answered yet. */
  get callsInFlight(): number {
    return this.pending.size;
  }

  async createSession(model: string | Uint8Array, options: InferenceSession.SessionOptions): Promise<Session> {
    const id = this.nextId++;
    const key = `session ${id}`;
    const reply = await this.create(key, { type: "create", session: id, model, options });
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
        this.creations.delete(key);
        await this.call({ type: "release", session: id });
      },
    };
  }

  async createEncoder(spec: EncoderSpec): Promise<Encoder> {
    const id = this.nextId++;
    const key = `encoder ${id}`;
    await this.create(key, { type: "createEncoder", encoder: id, ...spec, stages: spec.stages.map((s) => ({ ...s })) });
    return {
      encode: async (ids, mask, batch, seq, call = {}) => {
        const needs = call.needs ?? "all";
        const message = { type: "encode", encoder: id, ids, mask, batch, seq, lane: call.lane ?? "short", needs };
        return (await this.call(message, call.signal)).encoded!;
      },
      release: async () => {
        this.creations.delete(key);
        await this.call({ type: "release", encoder: id });
      },
    };
  }

  /**
   * For tests (the thread honours it only under NODE_ENV=test): the thread exits with `code` between two inference
   * steps, as a crash would; resolves once it is gone.
   */
  exitForTests(code: number): Promise<void> {
    const worker = this.worker;
    if (!worker) return Promise.resolve();
    return new Promise((resolve) => {
      worker.once("exit", () => resolve());
      worker.postMessage({ type: "exit", code, id: this.nextId++ });
    });
  }

  /** Sends a creation, remembered (for a new thread) while it is alive; sent first, so a thread it starts gets it once. */
  private async create(key: string, message: Record<string, unknown>): Promise<Reply> {
    const reply = this.call(message);
    this.creations.set(key, message);
    try {
      return await reply;
    } catch (e) {
      this.creations.delete(key);
      throw e;
    }
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

  /** A new thread, given every live session and encoder before anything else. */
  private start(): Worker {
    const nativeCalls = nativeCallFlags();
    const worker = new Worker(WORKER_FILE, { workerData: { nativeCalls } });
    worker.unref();
    worker.on("message", (reply: Reply) => this.answer(worker, reply));
    worker.on("error", (err) => this.died(worker, err.message));
    worker.on("exit", (code) => this.died(worker, `exit code ${code}`));
    this.worker = worker;
    this.nativeCalls = nativeCalls;
    // Replies to these find no pending call and are dropped; a failed creation is reported by the calls that use it.
    for (const message of this.creations.values()) worker.postMessage({ ...message, id: this.nextId++ });
    return worker;
  }

  private answer(worker: Worker, reply: Reply): void {
    const p = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (this.pending.size === 0) worker.unref();
    if (!p) return;
    if (reply.ok) p.resolve(reply);
    else p.reject(replyError(reply));
  }

  /** Fails the calls a dead thread held; the next call starts a new thread. */
  private died(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.nativeCalls = null;
    const calls = [...this.pending.values()];
    this.pending.clear();
    log.warn({ reason, calls: calls.length }, "the inference thread stopped; the next call starts a new one");
    for (const p of calls) p.reject(restarting(reason));
  }
}
