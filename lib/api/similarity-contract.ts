import { z } from "zod";
import type { CombinedScores } from "@/lib/m3/hybrid";
import type { HybridWeights, Token } from "@/lib/m3/types";
import {
  MaxLengthSchema,
  type ModelInfo,
  ModelInfoSchema,
  TextSchema,
  type TokenCount,
  TokenCountSchema,
} from "./schemas";

export const WeightsSchema = z
  .object({
    dense: z.number().finite().min(0),
    sparse: z.number().finite().min(0),
    colbert: z.number().finite().min(0),
  })
  .strict()
  .refine((w) => w.dense + w.sparse + w.colbert > 0, { message: "at least one weight must be greater than 0" });

/** `POST /api/similarity` request body. */
export const SimilarityRequestSchema = z
  .object({
    a: TextSchema,
    b: TextSchema,
    max_length: MaxLengthSchema.optional(),
    weights: WeightsSchema.optional(),
  })
  .strict();
export type SimilarityRequest = z.infer<typeof SimilarityRequestSchema>;

/** A lexical weight with the token's decoded text (FlagEmbedding `convert_id_to_token`). */
export interface LexicalEntry {
  id: number;
  token: string;
  weight: number;
}

/** A token id both texts carry: both weights and their product, its contribution to the sparse score. */
export interface SharedLexicalEntry {
  id: number;
  token: string;
  weight_a: number;
  weight_b: number;
  product: number;
}

/** Why a MaxSim matrix was left out of a response: its size against the cell limit. */
export interface MaxSimOmitted {
  rows: number;
  cols: number;
  limit: number;
  reason: string;
}

/** `POST /api/similarity` response body. */
export interface SimilarityResponse {
  scores: CombinedScores;
  /** The weights used, normalised to sum 1. */
  weights: HybridWeights;
  tokens: { a: Token[]; b: Token[] };
  /**
   * Rows: text a's ColBERT vectors (tokens without `<s>`, `</s>` kept); columns: text b's.
   * Empty when the matrix has more cells than `BGE_M3_MAXSIM_MAX_CELLS`; `maxsim_omitted` then says so.
   */
  maxsim: number[][];
  maxsim_omitted?: MaxSimOmitted;
  lexical: { a: LexicalEntry[]; b: LexicalEntry[]; shared: SharedLexicalEntry[] };
  token_counts: { a: TokenCount; b: TokenCount };
  max_length: number;
  model: ModelInfo;
  timing_ms: { total: number; encode: number; score: number };
}

/** Error body of every API route. */
export interface ApiErrorBody {
  error: { message: string; type: string; field?: string };
}

const TokenShape = z.object({ id: z.number().int(), text: z.string(), start: z.number().int(), end: z.number().int() });
const LexicalShape = z.object({ id: z.number().int(), token: z.string(), weight: z.number() });

/** `SimilarityResponse` as a zod schema, for the OpenAPI document and contract tests (kept equal to the interface). */
export const SimilarityResponseSchema = z.object({
  scores: z.object({
    dense: z.number(),
    sparse: z.number(),
    colbert: z.number(),
    hybrid: z.number(),
    "sparse+dense": z.number().nullable(),
    "colbert+sparse+dense": z.number(),
  }),
  weights: z.object({ dense: z.number(), sparse: z.number(), colbert: z.number() }),
  tokens: z.object({ a: z.array(TokenShape), b: z.array(TokenShape) }),
  maxsim: z.array(z.array(z.number())),
  maxsim_omitted: z
    .object({ rows: z.number(), cols: z.number(), limit: z.number(), reason: z.string() })
    .optional()
    .describe("present when the matrix has more cells than BGE_M3_MAXSIM_MAX_CELLS; maxsim is then empty"),
  lexical: z.object({
    a: z.array(LexicalShape),
    b: z.array(LexicalShape),
    shared: z.array(
      z.object({
        id: z.number().int(),
        token: z.string(),
        weight_a: z.number(),
        weight_b: z.number(),
        product: z.number(),
      }),
    ),
  }),
  token_counts: z.object({ a: TokenCountSchema, b: TokenCountSchema }),
  max_length: z.number().int(),
  model: ModelInfoSchema,
  timing_ms: z.object({ total: z.number(), encode: z.number(), score: z.number() }),
}) satisfies z.ZodType<SimilarityResponse>;
