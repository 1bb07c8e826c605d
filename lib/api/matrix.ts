/**
 * `POST /api/matrix`: the three per-mode N×N score matrices of many texts, computed once on the server; the browser
 * recombines them into any hybrid. Each distinct text is encoded once. The ColBERT work, rows·cols·dim per pair, is
 * done once per unordered pair (`colbertBothWays` gives both directions) and yields to other requests between rows.
 */

import { modelInfo } from "@/lib/api/model-info";
import type { Engine } from "@/lib/engine";
import type { ModelChoice } from "@/lib/engine/model-dir";
import type { TokenizedText } from "@/lib/engine/tokenizer";
import { colbertBothWays } from "@/lib/m3/colbert";
import { denseScore } from "@/lib/m3/dense";
import { lexicalScore } from "@/lib/m3/lexical";
import type { Representation } from "@/lib/m3/types";
import { ApiError } from "./errors";
import { checkTextFields, matrixLimits } from "./limits";
import {
  MATRIX_DEFAULT_MAX_LENGTH,
  MATRIX_MAX_TOTAL_TOKENS,
  type MatrixRequest,
  MatrixRequestSchema,
  type MatrixResponse,
  type ScoreRows,
} from "./matrix-contract";
import { ndjsonResponse, type ProgressReport, wantsNdjson, yieldToEventLoop } from "./progress-stream";
import { round3, round7 } from "./round";
import type { ApiRoutePath } from "./routes";
import { type EncodeFn, textRoute } from "./text-route";

/** Texts per encode call, so the progress bar moves during encoding. */
const TEXTS_PER_CHUNK = 16;

export interface MatrixOptions {
  onProgress?: ProgressReport;
  signal?: AbortSignal;
  /** How texts are encoded: the shared batcher and cache. */
  encode: EncodeFn;
}

const square = (n: number): ScoreRows => Array.from({ length: n }, () => new Array<number>(n).fill(0));

/** The distinct texts, checked against the token budget (each tokenized once) before any inference. */
export interface MatrixPlan {
  texts: readonly string[];
  maxLength: number;
  distinct: string[];
  /** Index into `distinct` of each text. */
  slot: number[];
}

/** Tokenizes the distinct texts and refuses (400, field "texts") a request over the ColBERT token budget. */
export async function planMatrix(engine: Engine, req: MatrixRequest, maxLength: number): Promise<MatrixPlan> {
  const distinct = [...new Set(req.texts)];
  const tokenized: TokenizedText[] = [];
  for (const t of distinct) tokenized.push(await engine.tokenizeInSlices(t, maxLength));
  const byText = new Map(distinct.map((t, i) => [t, i]));
  const slot = req.texts.map((t) => byText.get(t)!);
  const vectors = slot.reduce((sum, k) => sum + tokenized[k]!.ids.length - 1, 0);
  if (vectors > MATRIX_MAX_TOTAL_TOKENS) {
    throw new ApiError(
      "invalid_request",
      `the texts have ${vectors} tokens in total (limit ${MATRIX_MAX_TOTAL_TOKENS} for a matrix): remove or shorten texts, or lower max_length`,
      "texts",
    );
  }
  return { texts: req.texts, maxLength, distinct, slot };
}

export async function matrix(
  engine: Engine,
  choice: ModelChoice,
  plan: MatrixPlan,
  { onProgress, signal, encode }: MatrixOptions,
): Promise<MatrixResponse> {
  const t0 = performance.now();
  const { distinct, maxLength, slot } = plan;
  const n = plan.texts.length;
  const reps = new Array<Representation>(distinct.length);
  onProgress?.("encode", 0, distinct.length);
  for (let start = 0; start < distinct.length; start += TEXTS_PER_CHUNK) {
    const out = await encode(distinct.slice(start, start + TEXTS_PER_CHUNK), maxLength);
    out.forEach((r, k) => {
      reps[start + k] = r;
    });
    onProgress?.("encode", Math.min(distinct.length, start + TEXTS_PER_CHUNK), distinct.length);
    await yieldToEventLoop(signal);
  }
  const t1 = performance.now();

  const rep = (i: number) => reps[slot[i]!]!;
  const dense = square(n);
  const sparse = square(n);
  const colbert = square(n);
  onProgress?.("score", 0, n);
  let lastYield = performance.now();
  for (let i = 0; i < n; i++) {
    const a = rep(i);
    for (let j = i; j < n; j++) {
      const b = rep(j);
      const d = round7(denseScore(a.dense, b.dense));
      const s = round7(lexicalScore(a.lexical, b.lexical));
      const { ab, ba } = colbertBothWays(a.colbert, b.colbert);
      dense[i]![j] = d;
      dense[j]![i] = d;
      sparse[i]![j] = s;
      sparse[j]![i] = s;
      colbert[i]![j] = round7(ab);
      colbert[j]![i] = round7(ba);
    }
    onProgress?.("score", i + 1, n);
    if (performance.now() - lastYield > 20) {
      await yieldToEventLoop(signal);
      lastYield = performance.now();
    }
  }
  const t2 = performance.now();

  return {
    n,
    orientation: "rows_are_queries",
    matrices: { dense, sparse, colbert },
    token_counts: plan.texts.map((_, i) => {
      const r = rep(i);
      return { before: r.tokenCountBefore, after: r.tokens.length, truncated: r.truncated };
    }),
    max_length: maxLength,
    model: modelInfo(engine, choice),
    timing_ms: { total: round3(t2 - t0), encode: round3(t1 - t0), score: round3(t2 - t1) },
  };
}

/** JSON by default; with `Accept: application/x-ndjson`, progress lines then the same result (see progress-stream). */
export const matrixRoute = (route: ApiRoutePath) =>
  textRoute(route, {
    schema: MatrixRequestSchema,
    limits: matrixLimits,
    check: (body, limits) => checkTextFields({ texts: body.texts }, limits),
    defaultMaxLength: MATRIX_DEFAULT_MAX_LENGTH,
    answer: async ({ req, body, engine, choice, maxLength, encode }) => {
      const plan = await planMatrix(engine, body, maxLength);
      if (wantsNdjson(req)) {
        return ndjsonResponse(req, (onProgress, signal) =>
          matrix(engine, choice, plan, { onProgress, signal, encode }),
        );
      }
      return Response.json(await matrix(engine, choice, plan, { signal: req.signal, encode }));
    },
  });
