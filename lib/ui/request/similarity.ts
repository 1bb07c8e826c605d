/** `POST /api/similarity` as the compare page uses it: the response, with its MaxSim matrix as a heatmap grid. */
import type { SimilarityRequest, SimilarityResponse } from "@/lib/api/similarity-contract";
import { type HeatGrid, maxSimGrid } from "@/lib/ui/heatmap";
import { isSimilarityResponse } from "./guards";
import { postJson } from "./http";
import { RequestError } from "./request-error";

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

/** A region of a MaxSim matrix at full resolution: its cells as a grid, and where its first cell is (0-based). */
export interface MaxSimWindow {
  row: number;
  col: number;
  grid: HeatGrid;
}

/** Asks again for a pair, with a window of its MaxSim matrix (the texts' representations come from the cache). */
export async function fetchMaxSimWindow(
  body: SimilarityRequest,
  window: NonNullable<SimilarityRequest["maxsim_window"]>,
  signal?: AbortSignal,
): Promise<MaxSimWindow> {
  const data = await postJson("/api/similarity", { ...body, maxsim_window: window }, isSimilarityResponse, signal);
  const w = data.maxsim_window;
  if (!w) throw new RequestError("the answer has no MaxSim window", 200, "bad_response");
  return { row: w.row, col: w.col, grid: maxSimGrid(w.values) };
}
