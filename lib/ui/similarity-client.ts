/**
 * The browser's side of `POST /api/similarity`: one call, one error type the page can render, and the
 * MaxSim matrix turned into a flat grid. `decodeSimilarity` is shared by the main thread and the worker.
 */
import type { ApiErrorBody, SimilarityRequest, SimilarityResponse } from "@/lib/api/similarity-contract";
import { type HeatGrid, toGrid } from "./heatmap";

/**
 * Why a comparison failed. `status` is the HTTP status, or null when the server was not reached.
 * `type` is the API's error type (e.g. "invalid_request", "model_not_ready"), "network" or "bad_response".
 */
export class SimilarityError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly type: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "SimilarityError";
  }
}

/** A comparison as the page uses it: the response with `maxsim` emptied, and the matrix as a flat grid. */
export interface SimilarityResult {
  data: SimilarityResponse;
  grid: HeatGrid;
}

function isApiErrorBody(x: unknown): x is ApiErrorBody {
  const e = (x as ApiErrorBody | null)?.error;
  return typeof e === "object" && e !== null && typeof e.message === "string" && typeof e.type === "string";
}

function looksLikeResponse(x: unknown): x is SimilarityResponse {
  const r = x as SimilarityResponse | null;
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.scores?.dense === "number" &&
    typeof r.scores.sparse === "number" &&
    typeof r.scores.colbert === "number" &&
    Array.isArray(r.maxsim) &&
    Array.isArray(r.tokens?.a) &&
    Array.isArray(r.tokens?.b)
  );
}

/** Turns a response's status and body text into a result, or throws the SimilarityError it describes. */
export function decodeSimilarity(status: number, statusText: string, body: string): SimilarityResult {
  let json: unknown = null;
  try {
    json = JSON.parse(body);
  } catch {
    // reported below: a non-JSON body gets the status alone
  }
  if (status < 200 || status >= 300) {
    if (isApiErrorBody(json)) throw new SimilarityError(json.error.message, status, json.error.type, json.error.field);
    throw new SimilarityError(statusText || `HTTP ${status}`, status, "http");
  }
  if (!looksLikeResponse(json))
    throw new SimilarityError("the response is not a similarity result", status, "bad_response");
  const grid = toGrid(json.maxsim);
  json.maxsim = [];
  return { data: json, grid };
}

/** Posts a comparison on the current thread. Rejects with SimilarityError (or an AbortError when `signal` aborts). */
export async function fetchSimilarity(body: SimilarityRequest, signal?: AbortSignal): Promise<SimilarityResult> {
  let res: Response;
  let text: string;
  try {
    res = await fetch("/api/similarity", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
    text = await res.text();
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new SimilarityError((e as Error).message || "network error", null, "network");
  }
  return decodeSimilarity(res.status, res.statusText, text);
}
