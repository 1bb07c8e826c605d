/**
 * `POST /api/tune`: per-pair mode scores (each distinct text encoded once), then the simplex grid search of
 * `lib/m3/tune` on them. The grid is searched on exactly the `scores` returned, so anyone can redo it from the answer.
 */

import { modelInfo } from "@/lib/api/model-info";
import type { Engine } from "@/lib/engine";
import type { ModelChoice } from "@/lib/engine/model-dir";
import { pairScores } from "@/lib/m3/pair-scores";
import { isBinaryLabels } from "@/lib/m3/stats/binary-labels";
import { labelProblem, searchWeights, type TuneMetric } from "@/lib/m3/tune";
import type { ModeScores, Representation } from "@/lib/m3/types";
import { ApiError } from "./errors";
import { checkTextPairs, tuneLimits } from "./limits";
import { ndjsonResponse, type ProgressReport, wantsNdjson, yieldToEventLoop } from "./progress-stream";
import { round3 } from "./round";
import type { ApiRoutePath } from "./routes";
import { type EncodeFn, textRoute } from "./text-route";
import { type TuneRequest, TuneRequestSchema, type TuneResponse } from "./tune-contract";

/** Pairs scored per encode call: small enough for a smooth progress bar, large enough for full batches. */
const PAIRS_PER_CHUNK = 32;

export interface TuneOptions {
  onProgress?: ProgressReport;
  signal?: AbortSignal;
  /** How texts are encoded: the shared batcher and cache. */
  encode: EncodeFn;
}

/**
 * Mode scores of every pair, in input order. Pairs are taken in chunks; a chunk encodes only the texts not seen yet,
 * and a representation is dropped as soon as the last pair that needs it is scored, so memory follows the chunk, not
 * the whole set. Progress counts distinct texts encoded.
 */
export async function scorePairs(
  pairs: readonly { a: string; b: string }[],
  maxLength: number,
  { onProgress, signal, encode }: TuneOptions,
): Promise<{ scores: ModeScores[]; distinct: number }> {
  const remaining = new Map<string, number>();
  for (const p of pairs) for (const t of [p.a, p.b]) remaining.set(t, (remaining.get(t) ?? 0) + 1);
  const distinct = remaining.size;
  const reps = new Map<string, Representation>();
  const scores = new Array<ModeScores>(pairs.length);
  let encoded = 0;
  onProgress?.("encode", 0, distinct);
  for (let start = 0; start < pairs.length; start += PAIRS_PER_CHUNK) {
    const chunk = pairs.slice(start, start + PAIRS_PER_CHUNK);
    const needed = [...new Set(chunk.flatMap((p) => [p.a, p.b]))].filter((t) => !reps.has(t));
    if (needed.length) {
      const out = await encode(needed, maxLength);
      needed.forEach((t, i) => {
        reps.set(t, out[i]!);
      });
      encoded += needed.length;
      onProgress?.("encode", encoded, distinct);
    }
    chunk.forEach((p, k) => {
      const a = reps.get(p.a)!;
      const b = reps.get(p.b)!;
      scores[start + k] = pairScores(a, b);
      for (const t of [p.a, p.b]) {
        const left = remaining.get(t)! - 1;
        remaining.set(t, left);
        if (left === 0) reps.delete(t);
      }
    });
    await yieldToEventLoop(signal);
  }
  return { scores, distinct };
}

/** Refuses labels the metric cannot use before any text is encoded (400, naming the field). */
export function checkTuneLabels(req: TuneRequest): void {
  const metric: TuneMetric = req.metric ?? "spearman";
  const problem = labelProblem(
    req.pairs.map((p) => p.label),
    metric,
  );
  if (problem) throw new ApiError("invalid_request", problem, metric === "auc" ? "metric" : "pairs");
}

export async function tune(
  engine: Engine,
  choice: ModelChoice,
  req: TuneRequest,
  maxLength: number,
  opts: TuneOptions,
): Promise<TuneResponse> {
  const metric: TuneMetric = req.metric ?? "spearman";
  const step = req.step ?? 0.1;
  const labels = req.pairs.map((p) => p.label);
  const t0 = performance.now();
  const { scores, distinct } = await scorePairs(req.pairs, maxLength, opts);
  const t1 = performance.now();
  opts.onProgress?.("search", 0, 1);
  const search = searchWeights(scores, labels, metric, step);
  const t2 = performance.now();
  if (!search.best) {
    throw new ApiError(
      "invalid_request",
      `the ${metric} is undefined at every grid point: the pairs' hybrid scores do not vary`,
      "pairs",
    );
  }
  const binary = isBinaryLabels(labels);
  return {
    best: {
      weights: search.best.weights,
      value: search.best.value,
      ...(search.threshold ? { threshold: search.threshold.threshold, f1: search.threshold.f1 } : {}),
    },
    grid: search.grid.map((p) => ({ weights: p.weights, value: Number.isNaN(p.value) ? null : p.value })),
    scores,
    metric,
    step,
    labels: binary ? "binary" : "numeric",
    distinct_texts: distinct,
    max_length: maxLength,
    model: modelInfo(engine, choice),
    timing_ms: { total: round3(t2 - t0), encode: round3(t1 - t0), search: round3(t2 - t1) },
  };
}

/** JSON by default; with `Accept: application/x-ndjson`, progress lines then the same result (see progress-stream). */
export const tuneRoute = (route: ApiRoutePath) =>
  textRoute(route, {
    schema: TuneRequestSchema,
    limits: tuneLimits,
    check: (body, limits) => {
      checkTextPairs("pairs", body.pairs, limits);
      checkTuneLabels(body);
    },
    answer: async ({ req, body, engine, choice, maxLength, encode }) => {
      if (wantsNdjson(req)) {
        return ndjsonResponse(req, (onProgress, signal) =>
          tune(engine, choice, body, maxLength, { onProgress, signal, encode }),
        );
      }
      return Response.json(await tune(engine, choice, body, maxLength, { signal: req.signal, encode }));
    },
  });
