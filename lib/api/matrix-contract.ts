import { z } from "zod";
import { MaxLengthSchema, ModelInfoSchema, TextSchema, TokenCountSchema } from "./schemas";

/** Most texts in one matrix (fewer when BGE_M3_MAX_TEXTS is lower): its size and work grow with their square. */
export const MATRIX_MAX_TEXTS = 128;
/**
 * Most ColBERT vectors (tokens after `<s>`) over all texts. The ColBERT matrix costs about (total)²/2 · dim
 * multiply-adds, so this keeps a request to seconds on a CPU; 64 sentences of 20 tokens use about 1,300.
 */
export const MATRIX_MAX_TOTAL_TOKENS = 8_192;
/** Default per-text token limit (including `<s>` and `</s>`) when the request gives none. */
export const MATRIX_DEFAULT_MAX_LENGTH = 512;

/** `POST /api/matrix` request body. */
export const MatrixRequestSchema = z
  .object({
    texts: z
      .array(TextSchema)
      .min(2, "at least 2 texts are needed")
      .meta({
        description:
          `2 to ${MATRIX_MAX_TEXTS} texts (at most BGE_M3_MAX_TEXTS when that is lower), ` +
          "each at most BGE_M3_MAX_CHARS characters.",
      }),
    max_length: MaxLengthSchema.meta({
      description: `As elsewhere (an integer from 3 to 8192), but the default here is ${MATRIX_DEFAULT_MAX_LENGTH}.`,
    }).optional(),
  })
  .strict();
export type MatrixRequest = z.infer<typeof MatrixRequestSchema>;

/** An n×n matrix as rows: `m[i][j]` is text i (row, the query) against text j (column, the document). */
const ScoreRowsSchema = z.array(z.array(z.number()));
export type ScoreRows = z.infer<typeof ScoreRowsSchema>;

/** `POST /api/matrix` response body. */
export const MatrixResponseSchema = z.object({
  n: z.number().int(),
  orientation: z
    .literal("rows_are_queries")
    .meta({ description: "How to read the matrices; ColBERT (and so the hybrid) is not symmetric." }),
  matrices: z.object({ dense: ScoreRowsSchema, sparse: ScoreRowsSchema, colbert: ScoreRowsSchema }).meta({
    description:
      "Dense and sparse are symmetric; colbert[i][j] averages over text i's tokens their best match in text j.",
  }),
  token_counts: z.array(TokenCountSchema),
  max_length: z.number().int(),
  model: ModelInfoSchema,
  timing_ms: z.object({ total: z.number(), encode: z.number(), score: z.number() }),
});
export type MatrixResponse = z.infer<typeof MatrixResponseSchema>;
