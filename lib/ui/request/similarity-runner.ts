/**
 * Runs comparisons in a Web Worker when the browser has one (so parsing a huge response never blocks the page),
 * and on the main thread otherwise or if the worker cannot start.
 */
import type { SimilarityRequest } from "@/lib/api/similarity-contract";
import { RequestError } from "./request-error";
import { fetchSimilarity, type SimilarityResult } from "./similarity";
import type { WorkerReply } from "./similarity.worker";

type Pending = { resolve: (r: SimilarityResult) => void; reject: (e: unknown) => void };

let worker: Worker | null = null;
let workerBroken = false;
let nextId = 1;
const pending = new Map<number, Pending>();

function onReply(e: MessageEvent<WorkerReply>) {
  const msg = e.data;
  const p = pending.get(msg.id);
  if (!p) return;
  pending.delete(msg.id);
  if (msg.ok) p.resolve(msg.result);
  else p.reject(new RequestError(msg.error.message, msg.error.status, msg.error.type, msg.error.field));
}

// The worker failed to load or crashed: fall back to the main thread for good, failing nothing silently.
function onCrash() {
  workerBroken = true;
  worker?.terminate();
  worker = null;
  for (const [id, p] of pending) {
    pending.delete(id);
    p.reject(new RequestError("the background worker stopped; please try again", null, "network"));
  }
}

function getWorker(): Worker | null {
  if (workerBroken || typeof Worker === "undefined") return null;
  if (worker) return worker;
  try {
    worker = new Worker(new URL("./similarity.worker.ts", import.meta.url), { type: "module" });
  } catch {
    workerBroken = true;
    return null;
  }
  worker.onmessage = onReply;
  worker.onerror = onCrash;
  return worker;
}

/** Compares a pair. Rejects with RequestError, or with an AbortError when `signal` aborts. */
export function runSimilarity(body: SimilarityRequest, signal: AbortSignal): Promise<SimilarityResult> {
  const w = getWorker();
  if (!w) return fetchSimilarity(body, signal);
  const id = nextId++;
  return new Promise<SimilarityResult>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    signal.addEventListener(
      "abort",
      () => {
        if (!pending.delete(id)) return;
        w.postMessage({ id, abort: true });
        reject(new DOMException("aborted", "AbortError"));
      },
      { once: true },
    );
    w.postMessage({ id, body });
  });
}
