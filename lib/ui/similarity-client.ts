/** The browser's side of `POST /api/similarity`: one call, and one error type that the page can render. */
import type { ApiErrorBody, SimilarityRequest, SimilarityResponse } from "@/lib/api/similarity-contract";

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

/** Posts a comparison. Rejects with SimilarityError (or an AbortError when `signal` aborts). */
export async function requestSimilarity(body: SimilarityRequest, signal?: AbortSignal): Promise<SimilarityResponse> {
  let res: Response;
  try {
    res = await fetch("/api/similarity", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new SimilarityError((e as Error).message || "network error", null, "network");
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // handled below: a non-JSON body is reported with the status alone
  }
  if (!res.ok) {
    if (isApiErrorBody(json))
      throw new SimilarityError(json.error.message, res.status, json.error.type, json.error.field);
    throw new SimilarityError(res.statusText || `HTTP ${res.status}`, res.status, "http");
  }
  if (!looksLikeResponse(json))
    throw new SimilarityError("the response is not a similarity result", res.status, "bad_response");
  return json;
}
