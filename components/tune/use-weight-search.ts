"use client";

import { useMemo } from "react";
import type { TuneResponse } from "@/lib/api/tune-contract";
import { isBinaryLabels } from "@/lib/m3/stats/binary-labels";
import { labelProblem, searchWeights, type TuneMetric, type WeightSearch } from "@/lib/m3/tune";

export interface BrowserSearch {
  result: WeightSearch | null;
  /** How long the search took here, in ms. */
  ms: number;
  /** Why the metric cannot be computed on these labels, if it cannot. */
  problem: string | null;
}

/** The metric to search with: ROC-AUC only exists for 0/1 labels, so other labels fall back to Spearman. */
export const usableMetric = (metric: TuneMetric, binary: boolean): TuneMetric =>
  metric === "auc" && !binary ? "spearman" : metric;

/**
 * The grid searched again here, in the browser, from the per-pair scores: switching the metric or the step costs
 * milliseconds and no request. With the request's own metric and step it is the server's search, point for point.
 */
export function useWeightSearch(
  data: TuneResponse | null,
  labels: readonly number[] | null,
  metric: TuneMetric,
  step: number,
): BrowserSearch {
  return useMemo(() => {
    if (!data || !labels) return { result: null, ms: 0, problem: null };
    const m = usableMetric(metric, isBinaryLabels(labels));
    const problem = labelProblem(labels, m);
    if (problem) return { result: null, ms: 0, problem };
    const t0 = performance.now();
    const result = searchWeights(data.scores, labels, m, step);
    return { result, ms: performance.now() - t0, problem: null };
  }, [data, labels, metric, step]);
}
