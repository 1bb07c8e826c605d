import { z } from "zod";
import { simplexDivisions } from "@/lib/m3/simplex";
import { TUNE_METRICS } from "@/lib/m3/tune";
import { MaxLengthSchema, ModelInfoSchema, TextSchema } from "./schemas";

/**
 * Most labelled pairs one request may carry. Pairs are counted instead of BGE_M3_MAX_TEXTS: they are encoded
 * 32 pairs at a time, so a request never holds more than 64 texts in the queue.
 */
export const TUNE_MAX_PAIRS = 10_000;
/** Largest /api/tune body, instead of BGE_M3_MAX_BODY_BYTES: 10,000 pairs of sentences need more than 4 MiB. */
export const TUNE_MAX_BODY_BYTES = 16 * 1024 * 1024;

const stepOk = (s: number) => {
  try {
    simplexDivisions(s);
    return true;
  } catch {
    return false;
  }
};

/** One labelled pair: text a (the query side for ColBERT), text b, and a numeric label (graded, or 0/1). */
export const LabelledPairSchema = z
  .object({
    a: TextSchema,
    b: TextSchema,
    label: z.number().finite(),
  })
  .strict();

/** `POST /api/tune` request body. */
export const TuneRequestSchema = z
  .object({
    pairs: z
      .array(LabelledPairSchema)
      .min(2, "at least 2 labelled pairs are needed")
      .meta({
        description: `2 to ${TUNE_MAX_PAIRS.toLocaleString("en-US")} pairs; each text at most BGE_M3_MAX_CHARS characters.`,
      }),
    /** Grid step on the simplex; 1/step must be a whole number (0.1 → 66 points, 0.05 → 231). Default 0.1. */
    step: z
      .number()
      .refine(stepOk, { message: "step must divide 1 exactly and be from 0.01 to 1 (e.g. 0.1, 0.05)" })
      .optional(),
    /** What to maximise. Default "spearman"; "auc" needs 0/1 labels. */
    metric: z.enum(TUNE_METRICS).optional(),
    max_length: MaxLengthSchema.optional(),
  })
  .strict();
export type TuneRequest = z.infer<typeof TuneRequestSchema>;

const WeightsShape = z.object({ dense: z.number(), sparse: z.number(), colbert: z.number() });

/** A grid point: its weights (summing to 1) and the metric there, null where the metric is undefined. */
const TuneGridPointSchema = z.object({ weights: WeightsShape, value: z.number().nullable() });
export type TuneGridPoint = z.infer<typeof TuneGridPointSchema>;

/** `POST /api/tune` response body: the best weights, the whole grid and each pair's scores, with their context. */
export const TuneResponseSchema = z.object({
  best: z.object({
    weights: WeightsShape,
    value: z.number(),
    threshold: z.number().optional().meta({
      description:
        "For 0/1 labels: the hybrid score from which a pair is called positive (score ≥ threshold), chosen by F1.",
    }),
    f1: z
      .number()
      .optional()
      .meta({ description: "That threshold's F1 on these pairs (optimistic: chosen on the same pairs)." }),
  }),
  grid: z
    .array(TuneGridPointSchema)
    .meta({ description: "Every point of the grid, dense weight descending, then sparse weight descending." }),
  scores: z
    .array(z.object({ dense: z.number(), sparse: z.number(), colbert: z.number() }))
    .meta({ description: "Per-pair mode scores in input order (ColBERT: text a's tokens against text b)." }),
  metric: z.enum(TUNE_METRICS),
  step: z.number(),
  labels: z.enum(["binary", "numeric"]).meta({ description: '"binary" when every label is 0 or 1, else "numeric".' }),
  distinct_texts: z.number().int().meta({ description: "How many distinct texts were encoded (each once)." }),
  max_length: z.number().int().meta({ description: "Tokens per text the scores were computed at." }),
  model: ModelInfoSchema,
  timing_ms: z.object({ total: z.number(), encode: z.number(), search: z.number() }),
});
export type TuneResponse = z.infer<typeof TuneResponseSchema>;
