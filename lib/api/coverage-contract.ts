/** `POST /api/coverage`: how well a summary covers a long document, passage by passage; zod schemas and their types. */
import { z } from "zod";
import { MaxLengthSchema, MODEL_MAX_LENGTH, ModelInfoSchema, TextSchema } from "./schemas";
import { WeightsSchema } from "./similarity-contract";

/** Document tokens per passage when the request gives none (the common 512 / 128 recipe). */
export const COVERAGE_DEFAULT_CHUNK_TOKENS = 512;
export const COVERAGE_DEFAULT_OVERLAP_TOKENS = 128;
/** Most document tokens per passage: a passage and its `<s>` and `</s>` fit the model's limit. */
export const COVERAGE_MAX_CHUNK_TOKENS = MODEL_MAX_LENGTH - 2;
/**
 * Most ColBERT cells: the summary's tokens times the passages' (tokens after `<s>`). Sentences against passages and
 * the summary against passages are each one GEMM of about cells · dim multiply-adds (`colbertGrid`); a 500-token
 * summary of a 24,000-token document fits.
 */
export const COVERAGE_MAX_COLBERT_CELLS = 16_000_000;

/** Tokens a passage may take on its own beyond its share of the document's: a cut mid-word starts a new word. */
const PASSAGE_SLACK = 2;

/** The passage window a request asks for, its defaults filled in: 512 / 128, less when max_length is smaller. */
export function coverageWindow(
  req: { chunk_tokens?: number; overlap_tokens?: number },
  maxLength: number,
): { chunk: number; overlap: number } {
  const fits = Math.max(1, maxLength - 2 - PASSAGE_SLACK);
  const chunk = req.chunk_tokens ?? Math.min(COVERAGE_DEFAULT_CHUNK_TOKENS, fits);
  const overlap = req.overlap_tokens ?? Math.min(COVERAGE_DEFAULT_OVERLAP_TOKENS, Math.floor(chunk / 4));
  return { chunk, overlap };
}

/** Why overlap_tokens does not fit chunk_tokens, or null. */
export const overlapProblem = (chunk: number, overlap: number): string | null =>
  overlap < chunk ? null : `must be less than chunk_tokens (${chunk}), got ${overlap}`;

/** `POST /api/coverage` request body. */
export const CoverageRequestSchema = z
  .object({
    document: TextSchema.meta({ description: "The long text, at most BGE_M3_MAX_CHARS characters." }),
    summary: TextSchema.meta({ description: "Its summary, or a question; split into sentences as well." }),
    chunk_tokens: z
      .number()
      .int()
      .min(1)
      .max(COVERAGE_MAX_CHUNK_TOKENS)
      .optional()
      .meta({
        description:
          `Most document tokens per passage (<s> and </s> not counted): at most max_length − 2. Default ` +
          `${COVERAGE_DEFAULT_CHUNK_TOKENS}, or max_length − 4 when that is less (a passage cut mid-word can take ` +
          "a piece or two more on its own; one longer than max_length is a 400).",
      }),
    overlap_tokens: z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({
        description:
          "Document tokens consecutive passages share, less than chunk_tokens; each cut moves to the sentence end " +
          `nearest it within half the overlap. Default ${COVERAGE_DEFAULT_OVERLAP_TOKENS}, or a quarter of ` +
          "chunk_tokens when that is less.",
      }),
    weights: WeightsSchema.optional().meta({
      description: "Hybrid weights (any scale, divided by their sum). Default dense 0.4, sparse 0.2, colbert 0.4.",
    }),
    max_length: MaxLengthSchema.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const problem = r.chunk_tokens === undefined ? null : overlapProblem(r.chunk_tokens, r.overlap_tokens ?? 0);
    if (problem) ctx.addIssue({ code: "custom", path: ["overlap_tokens"], message: problem });
  })
  .meta({
    examples: [
      {
        document: "BGE M3 is an embedding model. It supports more than 100 languages. It reads up to 8192 tokens.",
        summary: "BGE M3 is a multilingual embedding model.",
        chunk_tokens: 16,
        overlap_tokens: 4,
      },
    ],
  });
export type CoverageRequest = z.infer<typeof CoverageRequestSchema>;

/** Every mode's score of one pair and their hybrid with the request's weights. */
export const CoverageScoresSchema = z.object({
  dense: z.number(),
  sparse: z.number().meta({ description: "Σ shared-token weight products; not normalised (can exceed 1)." }),
  colbert: z.number().meta({ description: "Mean over the query side's vectors of the best match in the other text." }),
  hybrid: z.number().meta({ description: "(w_d·dense + w_s·sparse + w_c·colbert) / (w_d + w_s + w_c)." }),
});
export type CoverageScores = z.infer<typeof CoverageScoresSchema>;

export const CoveragePassageSchema = z.object({
  index: z.number().int().meta({ description: "Position of the passage in the document, from 0." }),
  start: z.number().int().meta({ description: "UTF-16 offset into document where the passage starts." }),
  end: z
    .number()
    .int()
    .meta({ description: "UTF-16 offset where it ends (exclusive): document.slice(start, end) is the text encoded." }),
  tokens: z.number().int().meta({ description: "Document tokens in the passage (<s> and </s> not counted)." }),
  scores: CoverageScoresSchema.meta({
    description:
      "The passage (a, the ColBERT query side) against the whole summary (b), as /api/similarity scores them.",
  }),
});
export type CoveragePassage = z.infer<typeof CoveragePassageSchema>;

export const CoverageSentenceSchema = z.object({
  start: z.number().int().meta({ description: "UTF-16 offset into summary where the sentence starts." }),
  end: z.number().int().meta({ description: "Where it ends (exclusive): summary.slice(start, end) is the sentence." }),
  best_passage: z
    .number()
    .int()
    .meta({ description: "Index of the passage with the sentence's highest hybrid score (request's weights)." }),
  scores: CoverageScoresSchema.meta({
    description: "The sentence (the ColBERT query side) against its best passage.",
  }),
});
export type CoverageSentence = z.infer<typeof CoverageSentenceSchema>;

/** `[sentence][passage]`: summary sentence i (the ColBERT query side) against passage j. */
const SentenceRowsSchema = z.array(z.array(z.number()));

export const CoverageResponseSchema = z.object({
  model: ModelInfoSchema,
  chunk_tokens: z.number().int(),
  overlap_tokens: z.number().int(),
  max_length: z.number().int(),
  weights: z
    .object({ dense: z.number(), sparse: z.number(), colbert: z.number() })
    .meta({ description: "The weights used, divided by their sum." }),
  passages: z.array(CoveragePassageSchema).meta({ description: "In document order; together they cover it all." }),
  summary_sentences: z.array(CoverageSentenceSchema),
  sentence_scores: z
    .object({ dense: SentenceRowsSchema, sparse: SentenceRowsSchema, colbert: SentenceRowsSchema })
    .meta({
      description:
        "Per mode, [sentence][passage]: each summary sentence (query side) against each passage, so a client can " +
        "recombine weights and re-pick best passages without another request.",
    }),
  document: z.object({
    whole: z.object({
      scores: CoverageScoresSchema.meta({ description: "The whole document (a) against the summary (b)." }),
      tokens: z.number().int().meta({ description: "Tokens encoded, after truncation, <s> and </s> included." }),
      truncated: z.boolean().meta({ description: "True when the document had more than max_length tokens." }),
    }),
    mean_of_passages: z.object({
      dense: z.number().meta({
        description: "Cosine of the summary's dense vector with the normalised mean of the passages' dense vectors.",
      }),
    }),
    best_passage: z
      .number()
      .int()
      .meta({ description: "Index of the passage with the highest hybrid score against the summary." }),
  }),
  timing_ms: z.object({ total: z.number(), encode: z.number(), score: z.number() }),
});
export type CoverageResponse = z.infer<typeof CoverageResponseSchema>;
