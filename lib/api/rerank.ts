/** `POST /api/rerank`: every mode's score and the hybrid for each document against the query, best first. */
import { modelInfo } from "@/lib/api/model-info";
import { DEFAULT_WEIGHTS, hybridScore, normaliseWeights } from "@/lib/m3/hybrid";
import { pairScores } from "@/lib/m3/pair-scores";
import type { HybridWeights, Representation } from "@/lib/m3/types";
import { checkTextFields, requestLimits } from "./limits";
import { RerankRequestSchema, type RerankResponse } from "./rerank-contract";
import { round3 } from "./round";
import type { ApiRoutePath } from "./routes";
import { textRoute } from "./text-route";

/** Scores of each document against the query, sorted by hybrid (best first, ties by index). */
export function rankDocuments(
  query: Representation,
  docs: readonly Representation[],
  weights: HybridWeights,
): RerankResponse["results"] {
  return docs
    .map((d, index) => {
      const s = pairScores(query, d);
      return { index, scores: { ...s, hybrid: hybridScore(s, weights) } };
    })
    .sort((x, y) => y.scores.hybrid - x.scores.hybrid || x.index - y.index);
}

export const rerankRoute = (route: ApiRoutePath) =>
  textRoute(route, {
    schema: RerankRequestSchema,
    limits: requestLimits,
    check: (body, limits) => checkTextFields({ query: body.query, documents: body.documents }, limits),
    answer: async ({ startedMs: t0, body, engine, choice, maxLength, encode }) => {
      const [query, ...docs] = await encode([body.query, ...body.documents], maxLength, {
        truncate: body.truncate,
        fieldOf: (i) => (i === 0 ? "query" : `documents.${i - 1}`),
      });
      const t1 = performance.now();
      const weights = body.weights ?? DEFAULT_WEIGHTS;
      const ranked = rankDocuments(query!, docs, weights).slice(0, body.top_n);
      const t2 = performance.now();
      const response: RerankResponse = {
        model: modelInfo(engine, choice),
        weights: normaliseWeights(weights),
        results: ranked.map((r) => (body.return_documents ? { ...r, document: body.documents[r.index]! } : r)),
        usage: { tokens: [query!, ...docs].reduce((s, r) => s + r.tokens.length, 0) },
        timing_ms: { total: round3(t2 - t0), encode: round3(t1 - t0), score: round3(t2 - t1) },
      };
      return Response.json(response);
    },
  });
