/** `POST /api/rerank`: request and response, as zod schemas and their types. */
import { z } from "zod";
import { MaxLengthSchema, ModelInfoSchema, TextSchema, TextsSchema, TruncateSchema, UsageSchema } from "./schemas";
import { WeightsSchema } from "./similarity-contract";

export const RerankRequestSchema = z
  .object({
    query: TextSchema,
    documents: TextsSchema.meta({ description: "At most BGE_M3_MAX_TEXTS (default 256) documents." }),
    weights: WeightsSchema.optional().meta({
      description: "Hybrid weights (any scale, divided by their sum). Default dense 0.4, sparse 0.2, colbert 0.4.",
    }),
    max_length: MaxLengthSchema.optional(),
    truncate: TruncateSchema,
    top_n: z.number().int().min(1).optional().meta({ description: "Return only the best n documents." }),
    return_documents: z.boolean().default(false).meta({ description: "Echo each document's text." }),
  })
  .strict()
  .meta({ examples: [{ query: "What is BGE M3?", documents: ["BGE M3 is an embedding model.", "Paris"] }] });
export type RerankRequest = z.infer<typeof RerankRequestSchema>;

export const RerankScoresSchema = z.object({
  dense: z.number(),
  sparse: z.number().meta({ description: "Σ shared-token weight products; not normalised (can exceed 1)." }),
  colbert: z.number().meta({ description: "Mean over the query's vectors of the best match in the document." }),
  hybrid: z.number().meta({ description: "(w_d·dense + w_s·sparse + w_c·colbert) / (w_d + w_s + w_c)." }),
});

export const RerankResponseSchema = z.object({
  model: ModelInfoSchema,
  weights: z
    .object({ dense: z.number(), sparse: z.number(), colbert: z.number() })
    .meta({ description: "The weights used, divided by their sum." }),
  results: z
    .array(
      z.object({
        index: z.number().int().meta({ description: "Position of the document in the request." }),
        document: z.string().optional().meta({ description: "Present when return_documents is true." }),
        scores: RerankScoresSchema,
      }),
    )
    .meta({ description: "Sorted by hybrid score, best first (ties: lower index first)." }),
  usage: UsageSchema,
  timing_ms: z.object({ total: z.number(), encode: z.number(), score: z.number() }),
});
export type RerankResponse = z.infer<typeof RerankResponseSchema>;
