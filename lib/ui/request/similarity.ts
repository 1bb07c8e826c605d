/** `POST /api/similarity` as the compare page uses it: the response, with its MaxSim matrix as a heatmap grid. */
import type { SimilarityRequest, SimilarityResponse } from "@/lib/api/similarity-contract";
import { base64Matrix } from "@/lib/ui/float32-base64";
import { type HeatGrid, maxSimGrid } from "@/lib/ui/heatmap";
import { isSimilarityResponse } from "./guards";
import { postJson } from "./http";
import { RequestError } from "./request-error";

/** A comparison: the response with `maxsim` emptied and `maxsim_base64` left out, and the matrix as a flat grid. */
export interface SimilarityResult {
  data: SimilarityResponse;
  grid: HeatGrid;
}

/**
 * Posts a comparison on the current thread, asking for the matrix as base64 float32 (half the bytes of JSON, and no
 * numbers to parse); an answer with JSON rows is read too. Rejects with RequestError (or an AbortError on abort).
 */
export async function fetchSimilarity(body: SimilarityRequest, signal?: AbortSignal): Promise<SimilarityResult> {
  const request: SimilarityRequest = { ...body, encoding_format: "base64" };
  const { maxsim_base64: packed, ...data } = await postJson("/api/similarity", request, isSimilarityResponse, signal);
  const grid = maxSimGrid(packed ? packedCells(packed) : data.maxsim);
  data.maxsim = [];
  return { data, grid };
}

/** The cells of a `maxsim_base64`; a bad one is a bad answer, in words of its own (lib/ui/error-words.ts). */
function packedCells(packed: NonNullable<SimilarityResponse["maxsim_base64"]>) {
  const data = base64Matrix(packed);
  if (!data)
    throw new RequestError(
      `maxsim_base64 does not hold ${packed.rows} × ${packed.cols} float32 cells`,
      200,
      "bad_response",
    );
  return { rows: packed.rows, cols: packed.cols, data };
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
