/**
 * This machine's inference speed, learnt from the batches it ran. A batch of `rows` texts padded to `seq` tokens is
 * modelled as taking a·rows·seq + b·rows·seq² ms: the projections and feed-forward layers grow with the tokens, the
 * attention scores with the square of the length. Pure code with no I/O: the server fits, the browser predicts.
 */
import type { SpeedFit } from "./info-contract";

export type { SpeedFit } from "./info-contract";

/** What a fit needs of one inference batch (the batcher's `BatchEvent` has these fields). */
export interface BatchTiming {
  rows: number;
  /** rows × the longest text's tokens: what the model computed. */
  paddedTokens: number;
  ms: number;
}

/** Batches the estimator remembers: enough to average out noise, few enough to follow the machine's current load. */
export const SPEED_HISTORY = 200;
/** Fewer batches than this fit a·tokens alone: two points fit any curve through them exactly, noise included. */
const MIN_QUADRATIC_SAMPLES = 3;
/** The longest batch length must be at least this many times the shortest to tell seq from seq² apart. */
const MIN_LENGTH_SPREAD = 2;

const isUsable = (b: BatchTiming) =>
  b.rows > 0 && b.paddedTokens > 0 && Number.isFinite(b.paddedTokens) && Number.isFinite(b.ms) && b.ms >= 0;

/** One batch as the regression sees it: t ≈ a·x + b·y. */
interface Point {
  /** rows·seq */
  x: number;
  /** rows·seq² */
  y: number;
  /** ms */
  t: number;
  seq: number;
}

const toPoint = (b: BatchTiming): Point => {
  const seq = b.paddedTokens / b.rows;
  return { x: b.paddedTokens, y: b.paddedTokens * seq, t: b.ms, seq };
};

/** Σ f(p) over the points. */
const sum = (points: readonly Point[], f: (p: Point) => number) => points.reduce((s, p) => s + f(p), 0);

/** Sum of squared residuals of t ≈ a·x + b·y. */
const residual = (points: readonly Point[], a: number, b: number) => sum(points, (p) => (p.t - a * p.x - b * p.y) ** 2);

function linearFit(points: readonly Point[]): SpeedFit {
  const a = sum(points, (p) => p.x * p.t) / sum(points, (p) => p.x * p.x);
  return { samples: points.length, fit: "linear", ms_per_token: a, ms_per_token_squared: 0 };
}

function canSeparateTerms(points: readonly Point[]): boolean {
  if (points.length < MIN_QUADRATIC_SAMPLES) return false;
  const seqs = points.map((p) => p.seq);
  return Math.max(...seqs) >= MIN_LENGTH_SPREAD * Math.min(...seqs);
}

/**
 * Least squares of t ≈ a·x + b·y with a, b ≥ 0. The columns are scaled to unit length first (x and y differ by a
 * factor of up to 8,192), so the 2×2 normal equations stay well conditioned. When the unconstrained optimum has a
 * negative coefficient, the constrained one lies on an edge (a = 0 or b = 0): the better of the two is taken.
 */
function quadraticFit(points: readonly Point[]): SpeedFit {
  const sx = Math.sqrt(sum(points, (p) => p.x * p.x));
  const sy = Math.sqrt(sum(points, (p) => p.y * p.y));
  const r = sum(points, (p) => (p.x / sx) * (p.y / sy));
  const px = sum(points, (p) => (p.x / sx) * p.t);
  const py = sum(points, (p) => (p.y / sy) * p.t);
  const det = 1 - r * r;
  if (!(det > 1e-12)) return linearFit(points);
  const a = (px - r * py) / det / sx;
  const b = (py - r * px) / det / sy;
  if (a >= 0 && b >= 0) return { samples: points.length, fit: "quadratic", ms_per_token: a, ms_per_token_squared: b };
  const linear = linearFit(points);
  const bOnly = sum(points, (p) => p.y * p.t) / (sy * sy);
  return residual(points, linear.ms_per_token!, 0) <= residual(points, 0, bOnly)
    ? linear
    : { samples: points.length, fit: "quadratic", ms_per_token: 0, ms_per_token_squared: bOnly };
}

/**
 * Fits the speed model to `batches`: both terms when there are at least 3 batches whose lengths span a factor of 2,
 * else a·tokens alone (b = 0); "none" with null coefficients before any batch. Batches with no rows or tokens, or a
 * time that is not a finite non-negative number, are ignored.
 */
export function fitSpeed(batches: readonly BatchTiming[]): SpeedFit {
  const points = batches.filter(isUsable).map(toPoint);
  if (points.length === 0) return { samples: 0, fit: "none", ms_per_token: null, ms_per_token_squared: null };
  return canSeparateTerms(points) ? quadraticFit(points) : linearFit(points);
}

/** The last `SPEED_HISTORY` batches and their fit. */
export class SpeedEstimator {
  private readonly batches: BatchTiming[] = [];

  observe(batch: BatchTiming): void {
    if (!isUsable(batch)) return;
    this.batches.push({ rows: batch.rows, paddedTokens: batch.paddedTokens, ms: batch.ms });
    if (this.batches.length > SPEED_HISTORY) this.batches.shift();
  }

  current(): SpeedFit {
    return fitSpeed(this.batches);
  }
}

/** Expected ms of one batch of `rows` texts padded to `seq` tokens; null without an estimate. */
export function predictBatchMs(fit: SpeedFit, rows: number, seq: number): number | null {
  if (fit.ms_per_token === null || fit.ms_per_token_squared === null) return null;
  return fit.ms_per_token * rows * seq + fit.ms_per_token_squared * rows * seq * seq;
}

/**
 * Expected ms to encode texts of these token counts, each as its own batch (the batcher rarely pads texts of different
 * lengths together); null without an estimate. Cached texts take no time, so this is an upper bound for them.
 */
export function predictTextsMs(fit: SpeedFit, tokenCounts: readonly number[]): number | null {
  if (fit.ms_per_token === null) return null;
  return tokenCounts.reduce((total, n) => total + predictBatchMs(fit, 1, n)!, 0);
}
