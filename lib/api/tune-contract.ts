import { z } from "zod";
import { simplexDivisions } from "@/lib/m3/simplex";
import { TUNE_METRICS, type TuneMetric } from "@/lib/m3/tune";
import type { HybridWeights, ModeScores } from "@/lib/m3/types";
import type { ModelInfo } from "./schemas";
import { MaxLengthSchema, TextSchema } from "./schemas";

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

/** A grid point: its weights (summing to 1) and the metric there, null where the metric is undefined. */
export interface TuneGridPoint {
  weights: HybridWeights;
  value: number | null;
}

/** `POST /api/tune` response body: the best weights, the whole grid and each pair's scores, with their context. */
export interface TuneResponse {
  best: {
    weights: HybridWeights;
    value: number;
    /** For 0/1 labels: the hybrid score from which a pair is called positive (score ≥ threshold), chosen by F1. */
    threshold?: number;
    /** That threshold's F1 on these pairs (optimistic: chosen on the same pairs). */
    f1?: number;
  };
  /** Every point of the grid, dense weight descending, then sparse weight descending. */
  grid: TuneGridPoint[];
  /** Per-pair mode scores in input order (ColBERT: text a's tokens against text b). */
  scores: ModeScores[];
  metric: TuneMetric;
  step: number;
  /** "binary" when every label is 0 or 1, else "numeric". */
  labels: "binary" | "numeric";
  /** How many distinct texts were encoded (each once). */
  distinct_texts: number;
  /** Tokens per text the scores were computed at. */
  max_length: number;
  model: ModelInfo;
  timing_ms: { total: number; encode: number; search: number };
}
