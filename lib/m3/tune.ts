/**
 * Weight tuning: the best (α dense, β sparse, γ ColBERT) for labelled pairs, found by trying every point of a simplex
 * grid on per-pair mode scores computed once. Nothing is re-encoded: each point costs one weighted sum per pair plus
 * the metric (O(n log n) for the rank metrics), so 1,000 pairs × 231 points (step 0.05) take milliseconds.
 */

import { hybridScores, type ModeColumns } from "./hybrid";
import { simplexGrid } from "./simplex";
import { averageRanks } from "./stats/average-ranks";
import { bestThreshold, type ThresholdChoice } from "./stats/best-threshold";
import { isBinaryLabels } from "./stats/binary-labels";
import { pearson } from "./stats/pearson";
import { rocAuc } from "./stats/roc-auc";
import type { HybridWeights, ModeScores } from "./types";

/** What "best" means: rank correlation, linear correlation, or (0/1 labels only) area under the ROC curve. */
export const TUNE_METRICS = ["spearman", "pearson", "auc"] as const;
export type TuneMetric = (typeof TUNE_METRICS)[number];

/** One grid point and the metric there; `value` is NaN where the metric is undefined (e.g. constant hybrid scores). */
export interface GridPoint {
  weights: HybridWeights;
  value: number;
}

export interface WeightSearch {
  metric: TuneMetric;
  /** Every point, in the order dense weight descending, then sparse weight descending. */
  grid: GridPoint[];
  /** The first point with the highest value in that order (ties go to the earlier point); null if every value is NaN. */
  best: (GridPoint & { index: number }) | null;
  /** For 0/1 labels: the F1-best threshold on the best point's hybrid scores (null otherwise, or without positives). */
  threshold: ThresholdChoice | null;
}

export function toColumns(scores: readonly ModeScores[]): ModeColumns {
  const n = scores.length;
  const cols: ModeColumns = { dense: new Float64Array(n), sparse: new Float64Array(n), colbert: new Float64Array(n) };
  scores.forEach((s, i) => {
    cols.dense[i] = s.dense;
    cols.sparse[i] = s.sparse;
    cols.colbert[i] = s.colbert;
  });
  return cols;
}

/** Labels prepared once per search: the metric never re-ranks them. */
interface PreparedLabels {
  labels: ArrayLike<number>;
  ranks: Float64Array;
}

function metricOf(metric: TuneMetric, hybrid: Float64Array, prepared: PreparedLabels): number {
  switch (metric) {
    case "spearman":
      return pearson(averageRanks(hybrid), prepared.ranks);
    case "pearson":
      return pearson(hybrid, prepared.labels);
    case "auc":
      return rocAuc(hybrid, prepared.labels);
  }
}

/**
 * Why a set of labels cannot be tuned for a metric, or null when it can. Correlations need two pairs and labels that
 * are not all equal; ROC-AUC needs 0/1 labels with at least one of each.
 */
export function labelProblem(labels: readonly number[], metric: TuneMetric): string | null {
  if (labels.length < 2) return "at least 2 labelled pairs are needed";
  if (labels.some((l) => !Number.isFinite(l))) return "every label must be a finite number";
  if (metric === "auc") {
    if (!isBinaryLabels(labels)) return "the auc metric needs labels that are all 0 or 1";
    if (!labels.includes(0) || !labels.includes(1)) return "the auc metric needs at least one 0 label and one 1 label";
  }
  if (labels.every((l) => l === labels[0])) return "all labels are equal, so no weights can rank the pairs better";
  return null;
}

/**
 * Evaluates `metric` at every point of the simplex grid with the given step and picks the best point.
 * Throws a RangeError when `labelProblem` reports one, when the lengths differ, or for a step `simplexGrid` refuses.
 */
export function searchWeights(
  scores: readonly ModeScores[],
  labels: readonly number[],
  metric: TuneMetric,
  step: number,
): WeightSearch {
  if (scores.length !== labels.length)
    throw new RangeError(`searchWeights: ${scores.length} score rows but ${labels.length} labels`);
  const problem = labelProblem(labels, metric);
  if (problem) throw new RangeError(problem);
  const points = simplexGrid(step);
  const cols = toColumns(scores);
  const prepared: PreparedLabels = { labels, ranks: averageRanks(labels) };
  const hybrid = new Float64Array(scores.length);
  const grid: GridPoint[] = [];
  let best: WeightSearch["best"] = null;
  for (let index = 0; index < points.length; index++) {
    const weights = points[index]!;
    const value = metricOf(metric, hybridScores(cols, weights, hybrid), prepared);
    grid.push({ weights, value });
    // Strictly greater: a tie keeps the earlier point (dense weight descending, then sparse weight descending).
    if (!Number.isNaN(value) && (best === null || value > best.value)) best = { weights, value, index };
  }
  const threshold = best && isBinaryLabels(labels) ? bestThreshold(hybridScores(cols, best.weights), labels) : null;
  return { metric, grid, best, threshold };
}

/** Every metric at one point, for showing a point's details: AUC and the F1 threshold only for 0/1 labels. */
export interface PointMetrics {
  spearman: number;
  pearson: number;
  auc: number | null;
  threshold: ThresholdChoice | null;
}

export function evaluatePoint(
  scores: readonly ModeScores[],
  labels: readonly number[],
  w: HybridWeights,
): PointMetrics {
  const hybrid = hybridScores(toColumns(scores), w);
  const binary = isBinaryLabels(labels);
  return {
    spearman: pearson(averageRanks(hybrid), averageRanks(labels)),
    pearson: pearson(hybrid, labels),
    auc: binary ? rocAuc(hybrid, labels) : null,
    threshold: binary ? bestThreshold(hybrid, labels) : null,
  };
}
