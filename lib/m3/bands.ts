/**
 * Bands: a similarity score put into plain words ("nearly the same meaning", "related", ...).
 *
 * Three thresholds cut the number line into four bands. Each band includes its lower threshold, so with the
 * defaults a score of exactly 0.85 is "same", 0.60 is "related" and 0.30 is "weak":
 *
 *   score ≥ same     → "same"      nearly the same meaning / 几乎同义
 *   score ≥ related  → "related"   related / 语义相关
 *   score ≥ weak     → "weak"      weakly related / 弱相关
 *   otherwise        → "unrelated" unrelated / 基本无关
 *
 * The thresholds are calibrated for cosine-like scores (dense, ColBERT, a hybrid of them). Sparse scores are not
 * bounded by 1, so a band on a sparse score is only indicative. The words themselves live in `lib/i18n/messages/compare.ts`.
 */

/** The four bands, from the most to the least similar. */
export const BANDS = ["same", "related", "weak", "unrelated"] as const;
export type Band = (typeof BANDS)[number];

/** Lower bounds of the three upper bands; they must satisfy weak < related < same. */
export interface BandThresholds {
  same: number;
  related: number;
  weak: number;
}

/** Default bands: above 0.85 nearly the same, 0.60–0.85 related, 0.30–0.60 weakly related, below unrelated. */
export const DEFAULT_THRESHOLDS: Readonly<BandThresholds> = Object.freeze({ same: 0.85, related: 0.6, weak: 0.3 });

/** Why a set of thresholds was refused: a threshold that is not a finite number, or two out of order. */
export type ThresholdProblem =
  | { kind: "not_finite"; threshold: keyof BandThresholds }
  | { kind: "out_of_order"; lower: keyof BandThresholds; upper: keyof BandThresholds };

export type ThresholdCheck = { ok: true; thresholds: BandThresholds } | { ok: false; problem: ThresholdProblem };

/**
 * Checks user-edited thresholds: each must be a finite number and they must strictly increase
 * weak < related < same (equal thresholds would make a band empty). Reports the first problem found.
 */
export function checkThresholds(t: BandThresholds): ThresholdCheck {
  for (const key of ["same", "related", "weak"] as const) {
    if (typeof t[key] !== "number" || !Number.isFinite(t[key]))
      return { ok: false, problem: { kind: "not_finite", threshold: key } };
  }
  if (!(t.weak < t.related)) return { ok: false, problem: { kind: "out_of_order", lower: "weak", upper: "related" } };
  if (!(t.related < t.same)) return { ok: false, problem: { kind: "out_of_order", lower: "related", upper: "same" } };
  return { ok: true, thresholds: { same: t.same, related: t.related, weak: t.weak } };
}

/**
 * The band of a score. Throws a RangeError for a score that is not a finite number, and for thresholds
 * that `checkThresholds` refuses, so a bad edit can never produce a confident-looking label.
 */
export function bandOf(score: number, thresholds: BandThresholds = DEFAULT_THRESHOLDS): Band {
  if (!Number.isFinite(score)) throw new RangeError(`score must be a finite number, got ${score}`);
  const check = checkThresholds(thresholds);
  if (!check.ok) throw new RangeError(`invalid band thresholds: ${describeProblem(check.problem)}`);
  if (score >= thresholds.same) return "same";
  if (score >= thresholds.related) return "related";
  if (score >= thresholds.weak) return "weak";
  return "unrelated";
}

/** The score range [lower, upper) a band covers; the open ends are ±Infinity. */
export function bandRange(band: Band, t: BandThresholds = DEFAULT_THRESHOLDS): { lower: number; upper: number } {
  switch (band) {
    case "same":
      return { lower: t.same, upper: Number.POSITIVE_INFINITY };
    case "related":
      return { lower: t.related, upper: t.same };
    case "weak":
      return { lower: t.weak, upper: t.related };
    case "unrelated":
      return { lower: Number.NEGATIVE_INFINITY, upper: t.weak };
  }
}

function describeProblem(p: ThresholdProblem): string {
  return p.kind === "not_finite"
    ? `"${p.threshold}" is not a finite number`
    : `"${p.lower}" must be below "${p.upper}"`;
}
