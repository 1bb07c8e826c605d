/**
 * Fetches and decodes `/api/similarity` off the main thread: a long pair's MaxSim matrix is millions of numbers
 * of JSON, and parsing it on the page would freeze it. The grid's typed arrays are transferred, not copied.
 *
 * Messages in:  { id, body } to start, { id, abort: true } to cancel.
 * Messages out: { id, ok: true, result } or { id, ok: false, error: { message, status, type, field } }.
 */
import type { SimilarityRequest } from "@/lib/api/similarity-contract";
import { fetchSimilarity, SimilarityError } from "./similarity-client";

interface WorkerScope {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
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
    if ((err as Error).name === "AbortError") return;
    const se =
      err instanceof SimilarityError
        ? err
        : new SimilarityError(String((err as Error)?.message ?? err), null, "network");
    scope.postMessage({
      id,
      ok: false,
      error: { message: se.message, status: se.status, type: se.type, field: se.field },
    });
  } finally {
    running.delete(id);
  }
};
