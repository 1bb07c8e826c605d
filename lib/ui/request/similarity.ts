/** `POST /api/similarity` as the compare page uses it: the response, with its MaxSim matrix as a heatmap grid. */
import type { SimilarityRequest, SimilarityResponse } from "@/lib/api/similarity-contract";
import { type HeatGrid, maxSimGrid } from "@/lib/ui/heatmap";
import { isSimilarityResponse } from "./guards";
import { postJson } from "./http";

/** A comparison: the response with `maxsim` emptied, and the matrix as a flat grid. */
export interface SimilarityResult {
  data: SimilarityResponse;
  grid: HeatGrid;
}

/** Posts a comparison on the current thread. Rejects with RequestError (or an AbortError when `signal` aborts). */
export async function fetchSimilarity(body: SimilarityRequest, signal?: AbortSignal): Promise<SimilarityResult> {
  const data = await postJson("/api/similarity", body, isSimilarityResponse, signal);
  const grid = maxSimGrid(data.maxsim);
  data.maxsim = [];
  return { data, grid };
}
