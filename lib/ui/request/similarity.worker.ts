/**
 * Fetches and decodes `/api/similarity` off the main thread: a long pair's MaxSim matrix is millions of cells (tens
 * of MB of base64, or of JSON from a server that ignores encoding_format), and reading it on the page would freeze it.
 * The grid's typed arrays are transferred, not copied.
 *
 * Messages in:  { id, body } to start, { id, abort: true } to cancel.
 * Messages out: `WorkerReply`.
 */
import type { SimilarityRequest } from "@/lib/api/similarity-contract";
import { isAbort, toRequestError } from "./request-error";
import { fetchSimilarity, type SimilarityResult } from "./similarity";

export type WorkerReply =
  | { id: number; ok: true; result: SimilarityResult }
  | { id: number; ok: false; error: { message: string; status: number | null; type: string; field?: string } };

interface WorkerScope {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const running = new Map<number, AbortController>();

scope.onmessage = async (e: MessageEvent<{ id: number; body?: SimilarityRequest; abort?: boolean }>) => {
  const { id, body, abort } = e.data;
  if (abort) {
    running.get(id)?.abort();
    running.delete(id);
    return;
  }
  if (!body) return;
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const result = await fetchSimilarity(body, controller.signal);
    scope.postMessage({ id, ok: true, result }, [result.grid.data.buffer, result.grid.rowMaxCol.buffer]);
  } catch (err) {
    if (isAbort(err)) return;
    const { message, status, type, field } = toRequestError(err);
    scope.postMessage({ id, ok: false, error: { message, status, type, field } });
  } finally {
    running.delete(id);
  }
};
