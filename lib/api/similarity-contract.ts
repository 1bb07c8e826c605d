import { z } from "zod";
import { EncodingFormatSchema, MaxLengthSchema, ModelInfoSchema, TextSchema, TokenCountSchema } from "./schemas";

export const WeightsSchema = z
  .object({
    dense: z.number().finite().min(0),
    sparse: z.number().finite().min(0),
    colbert: z.number().finite().min(0),
  })
  .strict()
  .refine((w) => w.dense + w.sparse + w.colbert > 0, { message: "at least one weight must be greater than 0" });

/** Largest side of a MaxSim window a request can ask for. */
export const MAXSIM_WINDOW_MAX = 256;

const WindowSide = z.number().int().min(1).max(MAXSIM_WINDOW_MAX);

/** A region of the MaxSim matrix to return at full resolution even when the whole matrix is omitted (0-based). */
const MaxSimWindowRequestSchema = z
  .object({ row: z.number().int().min(0), col: z.number().int().min(0), rows: WindowSide, cols: WindowSide })
  .strict();
export type MaxSimWindowRequest = z.infer<typeof MaxSimWindowRequestSchema>;

/** `POST /api/similarity` request body. */
export const SimilarityRequestSchema = z
  .object({
    a: TextSchema,
    b: TextSchema,
    max_length: MaxLengthSchema.optional(),
    weights: WeightsSchema.optional(),
    maxsim_window: MaxSimWindowRequestSchema.optional().describe(
      "a region of the MaxSim matrix to return in maxsim_window, cut to the matrix's edges",
    ),
    include_maxsim: z
      .boolean()
      .optional()
      .describe(
        "false leaves the MaxSim matrix (and its overview) out of the answer, for callers that want only the scores: " +
          "two 2,048-token texts make a 4,194,304-cell matrix, about 40 MB of JSON (default true)",
      ),
    encoding_format: EncodingFormatSchema.optional().describe(
      "float (default): the MaxSim matrix as rows of JSON numbers in maxsim; base64: the matrix in maxsim_base64 " +
        "as the base64 of its little-endian float32 cells, row after row (about half the bytes, and far cheaper to " +
        "write and read), with maxsim empty",
    ),
  })
  .strict();
export type SimilarityRequest = z.infer<typeof SimilarityRequestSchema>;

const TokenShape = z.object({ id: z.number().int(), text: z.string(), start: z.number().int(), end: z.number().int() });

/** A lexical weight with the token's decoded text (FlagEmbedding `convert_id_to_token`). */
const LexicalEntrySchema = z.object({ id: z.number().int(), token: z.string(), weight: z.number() });
export type LexicalEntry = z.infer<typeof LexicalEntrySchema>;

/** A token id both texts carry: both weights and their product, its contribution to the sparse score. */
const SharedLexicalEntrySchema = z.object({
  id: z.number().int(),
  token: z.string(),
  weight_a: z.number(),
  weight_b: z.number(),
  product: z.number(),
});
export type SharedLexicalEntry = z.infer<typeof SharedLexicalEntrySchema>;

/** Why a MaxSim matrix was left out of a response (its size against the cell limit), and what is sent instead. */
const MaxSimOmittedSchema = z.object({
  rows: z.number(),
  cols: z.number(),
  limit: z.number(),
  reason: z.string(),
  overview: z
    .object({
      rows_per_block: z.number().int(),
      cols_per_block: z.number().int(),
      blocks: z.array(z.array(z.number())),
    })
    .describe("the matrix reduced to blocks of rows_per_block × cols_per_block cells, each its largest cell"),
  row_best: z
    .object({ col: z.array(z.number().int()), value: z.array(z.number()) })
    .describe("for each row (text a's token), the column of its best match in text b and that cell's value"),
});
export type MaxSimOmitted = z.infer<typeof MaxSimOmittedSchema>;

/** `POST /api/similarity` response body. */
export const SimilarityResponseSchema = z.object({
  scores: z.object({
    dense: z.number(),
    sparse: z.number(),
    colbert: z.number(),
    hybrid: z.number(),
    "sparse+dense": z.number().nullable(),
    "colbert+sparse+dense": z.number(),
  }),
  weights: z
    .object({ dense: z.number(), sparse: z.number(), colbert: z.number() })
    .meta({ description: "The weights used, normalised to sum 1." }),
  tokens: z.object({ a: z.array(TokenShape), b: z.array(TokenShape) }),
  maxsim: z.array(z.array(z.number())).meta({
    description:
      "Rows: text a's ColBERT vectors (tokens without <s>, </s> kept); columns: text b's. Empty when the request " +
      "says include_maxsim: false or encoding_format: base64 (then maxsim_base64 holds it), or when the matrix has " +
      "more cells than BGE_M3_MAXSIM_MAX_CELLS; maxsim_omitted then says so.",
  }),
  maxsim_base64: z
    .object({ rows: z.number().int(), cols: z.number().int(), data: z.string() })
    .optional()
    .describe(
      "present when the request asks for encoding_format: base64 and the matrix is sent: its rows × cols cells as " +
        "the base64 of little-endian float32, row after row (rows and columns as in maxsim)",
    ),
  maxsim_omitted: MaxSimOmittedSchema.optional().describe(
    "present when the matrix has more cells than BGE_M3_MAXSIM_MAX_CELLS; maxsim is then empty",
  ),
  maxsim_window: z
    .object({ row: z.number().int(), col: z.number().int(), values: z.array(z.array(z.number())) })
    .optional()
    .describe("the requested maxsim_window's cells, from (row, col), present when the request asked for one"),
  lexical: z.object({
    a: z.array(LexicalEntrySchema),
    b: z.array(LexicalEntrySchema),
    shared: z.array(SharedLexicalEntrySchema),
  }),
  token_counts: z.object({ a: TokenCountSchema, b: TokenCountSchema }),
  max_length: z.number().int(),
  model: ModelInfoSchema,
  timing_ms: z.object({ total: z.number(), encode: z.number(), score: z.number() }),
});
export type SimilarityResponse = z.infer<typeof SimilarityResponseSchema>;
