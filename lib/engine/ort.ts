/**
 * The only module that imports onnxruntime-node (with ort-worker.mjs, the inference thread): creates inference
 * sessions and runs them. Server-side only (native addon).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as ort from "onnxruntime-node";
import "server-only";
import type { Env } from "@/lib/config/env";
import { setting } from "@/lib/config/settings";
import { HIDDEN_STATE_OUTPUTS } from "@/lib/model/encoder-stages";
import { InferenceThread } from "./inference-thread";
import type { Encoder, EncoderGraphs, RunOptions, Session } from "./session";

export interface SessionSettings {
  /** Intra-op threads; defaults to the machine's cores (`BGE_M3_THREADS` overrides). */
  threads: number;
  /** Execution provider wish: `auto` tries CUDA and falls back to CPU. */
  device?: Device;
  /**
   * `worker` (default): the session runs on the inference thread, so inference never blocks the event loop (HTTP,
   * batching). `caller`: on this thread, as a bare `session.run` would (the bench's baseline).
   */
  thread?: "worker" | "caller";
}

export type Device = "auto" | "cpu" | "cuda";

/** `BGE_M3_DEVICE`: auto (default), cpu or cuda. */
export function deviceFromEnv(env: Env = process.env): Device {
  return setting("BGE_M3_DEVICE", env);
}

/** A created session, the provider it runs on, and why it is not on the GPU when `auto` fell back. */
export interface CreatedSession {
  session: Session;
  device: "cpu" | "cuda";
  fallback: string | null;
}

/** Threads from `BGE_M3_THREADS`, else the number of cores this process may use. */
export function defaultThreads(env: Env = process.env): number {
  return setting("BGE_M3_THREADS", env);
}

/** Why CUDA cannot be used here, or null when its provider libraries are installed beside the binding. */
function cudaMissing(): string | null {
  if (!ort.listSupportedBackends().some((b) => b.name === "cuda"))
    return "this onnxruntime-node build has no CUDA backend";
  try {
    const pkg = path.dirname(createRequire(import.meta.url).resolve("onnxruntime-node/package.json"));
    const lib = path.join(pkg, "bin", "napi-v6", process.platform, process.arch, "libonnxruntime_providers_cuda.so");
    if (!existsSync(lib))
      return "its provider libraries are not installed (npm install with ONNXRUNTIME_NODE_INSTALL=cuda12)";
  } catch {
    return "onnxruntime-node's install folder was not found";
  }
  return null;
}

/** Runs `make` on the wished execution provider; `auto` falls back to the CPU and says why. */
async function onDevice<T>(
  device: Device,
  make: (provider: "cpu" | "cuda") => Promise<T>,
): Promise<{ made: T; device: "cpu" | "cuda"; fallback: string | null }> {
  if (device !== "cpu") {
    try {
      const missing = cudaMissing();
      if (missing) throw new Error(missing);
      return { made: await make("cuda"), device: "cuda", fallback: null };
    } catch (e) {
      const reason = `CUDA unavailable (${(e as Error).message.split("\n")[0]}); using the CPU`;
      if (device === "cuda") throw new Error(`BGE_M3_DEVICE=cuda, but ${reason.replace("; using the CPU", "")}`);
      return { made: await make("cpu"), device: "cpu", fallback: reason };
    }
  }
  return { made: await make("cpu"), device: "cpu", fallback: null };
}

/**
 * Loads an ONNX model on the wished execution provider: by path (so its external-data files beside it are found), or
 * from bytes built in memory.
 */
export async function createSession(
  modelPath: string | Uint8Array,
  settings: SessionSettings,
): Promise<CreatedSession> {
  const { made, device, fallback } = await onDevice(settings.device ?? "cpu", (p) => create(modelPath, settings, p));
  return { session: made, device, fallback };
}

/** An encoder in the inference thread; the heads always run on the CPU. */
export async function createEncoder(
  graphs: EncoderGraphs,
  settings: SessionSettings,
): Promise<{ encoder: Encoder; device: "cpu" | "cuda"; fallback: string | null }> {
  const { made, device, fallback } = await onDevice(settings.device ?? "cpu", (provider) =>
    InferenceThread.shared().createEncoder({
      ...graphs,
      options: sessionOptions(settings.threads, provider),
      prefixOptions: sessionOptions(settings.threads, provider, { spin: "within-run", arena: false }),
      headsOptions: sessionOptions(settings.threads, "cpu", { arena: false }),
    }),
  );
  return { encoder: made, device, fallback };
}

/**
 * How idle intra-op threads wait for their next piece of work. `off`: they sleep, so they never burn the cores the web
 * server shares. `within-run`: they spin between the pieces of one run and stop when it ends
 * (`force_spinning_stop`), which saves the wake-ups inside a long run; only for a session that does a whole batch in
 * one run, since many sessions' pools spinning in turn fight for the cores.
 */
type Spinning = "off" | "within-run";

const SPINNING: Record<Spinning, Record<string, unknown>> = {
  off: { intra_op: { allow_spinning: "0" } },
  "within-run": { intra_op: { allow_spinning: "1" }, force_spinning_stop: "1" },
};

interface SessionKind {
  /** Keep onnxruntime's CPU memory arena, which holds on to its peak. */
  arena?: boolean;
  spin?: Spinning;
}

/** The project's session options. */
function sessionOptions(
  threads: number,
  provider: "cpu" | "cuda",
  { arena = true, spin = "off" }: SessionKind = {},
): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    graphOptimizationLevel: "all",
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    enableCpuMemArena: arena,
    extra: { session: SPINNING[spin] },
  };
}

async function create(
  model: string | Uint8Array,
  settings: SessionSettings,
  provider: "cpu" | "cuda",
): Promise<Session> {
  const options = sessionOptions(settings.threads, provider);
  if ((settings.thread ?? "worker") === "worker") return InferenceThread.shared().createSession(model, options);
  const session =
    typeof model === "string"
      ? await ort.InferenceSession.create(model, options)
      : await ort.InferenceSession.create(model, options);
  return callerSession(session);
}

/** A session on this thread, taking plain tensors as well as onnxruntime's. */
function callerSession(session: ort.InferenceSession): Session {
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    run: async (feeds, fetches) => {
      const tensors = Object.fromEntries(
        Object.entries(feeds).map(([name, t]) => [
          name,
          t instanceof ort.Tensor ? t : new ort.Tensor(t.type as "float32", t.data as Float32Array, t.dims),
        ]),
      );
      return fetches ? session.run(tensors, [...fetches]) : session.run(tensors);
    },
    release: () => session.release(),
  };
}

/** The session's token-level output, or an error naming the outputs that were found. */
export function hiddenStateOutput(session: Session): string {
  const found = HIDDEN_STATE_OUTPUTS.find((name) => session.outputNames.includes(name));
  if (!found) {
    throw new Error(
      `The ONNX model has no token-level output (expected one of ${HIDDEN_STATE_OUTPUTS.join(", ")}); ` +
        `its outputs are: ${session.outputNames.join(", ") || "(none)"}`,
    );
  }
  return found;
}

/** Hidden states of one padded batch: [batch, seq, hidden], row-major float32. */
export interface HiddenStates {
  batch: number;
  seq: number;
  hidden: number;
  data: Float32Array;
}

/** Runs the encoder on a right-padded batch of token ids (pad id 1, mask 0 on padding). */
export async function runEncoder(
  session: Session,
  outputName: string,
  ids: BigInt64Array,
  mask: BigInt64Array,
  batch: number,
  seq: number,
): Promise<HiddenStates> {
  const feeds = {
    input_ids: { type: "int64", data: ids, dims: [batch, seq] },
    attention_mask: { type: "int64", data: mask, dims: [batch, seq] },
  };
  const out = await session.run(feeds, [outputName]);
  const t = out[outputName];
  if (t?.type !== "float32" || t.dims.length !== 3) {
    throw new Error(`output ${outputName} is not a float32 [batch, seq, hidden] tensor`);
  }
  return { batch, seq, hidden: Number(t.dims[2]), data: t.data as Float32Array };
}

/** A float32 tensor: row-major values and their dimensions. */
export interface FloatTensor {
  data: Float32Array;
  dims: number[];
}

/** Runs a session on float32 inputs and returns its float32 outputs by name (views, not copies). */
export async function runFloat(
  session: Session,
  inputs: Record<string, FloatTensor>,
  options?: RunOptions,
): Promise<Record<string, FloatTensor>> {
  const feeds = Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, { type: "float32", ...t }]));
  const out = await session.run(feeds, undefined, options);
  return Object.fromEntries(
    Object.entries(out).map(([name, t]) => {
      if (t.type !== "float32") throw new Error(`output ${name} is ${t.type}, not float32`);
      return [name, { data: t.data as Float32Array, dims: t.dims.map(Number) }];
    }),
  );
}
