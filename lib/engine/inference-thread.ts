/**
 * The main thread's side of the inference thread (ort-worker.mjs): one worker per process, sessions created and run
 * there by message. The worker keeps the process alive only while a request is in flight.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { InferenceSession } from "onnxruntime-node";
import type { Session, TensorLike } from "./ort";

interface Pending {
  resolve(reply: Reply): void;
  reject(err: Error): void;
}

interface Reply {
  id: number;
  ok: boolean;
  error?: string;
  session?: number;
  inputNames?: string[];
  outputNames?: string[];
  outputs?: Record<string, TensorLike>;
}

/** Started by path, unbundled: the project root is the working directory of `npm start`, tests and scripts. */
const WORKER_FILE = path.join(process.cwd(), "lib", "engine", "ort-worker.mjs");

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
      run: async (feeds, fetches) => {
        const plain = Object.fromEntries(
          Object.entries(feeds).map(([name, t]) => [name, { type: t.type, data: t.data, dims: [...t.dims] }]),
        );
        return (await this.call({ type: "run", session: id, feeds: plain, fetches: fetches ? [...fetches] : null }))
          .outputs!;
      },
      release: async () => {
        await this.call({ type: "release", session: id });
      },
    };
  }

  private call(message: Record<string, unknown>): Promise<Reply> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    worker.ref();
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        worker.postMessage({ ...message, id });
      } catch (err) {
        // A message that cannot be cloned never reaches the thread: nothing will answer it.
        this.pending.delete(id);
        if (this.pending.size === 0) worker.unref();
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
      else p.reject(new Error(reply.error ?? "inference failed"));
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
