/** Zod pieces shared by the route contracts: a text, max_length, truncate, the model block and the error body. */
import { z } from "zod";
import { API_ERROR_TYPES } from "./errors";
import { MODEL_MAX_LENGTH } from "./similarity-contract";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be embedded as text, or null: NUL characters and unpaired UTF-16 surrogates are refused. */
export function textProblem(s: string): string | null {
  const nul = s.indexOf("\u0000");
  if (nul >= 0) return `contains a NUL character (U+0000) at index ${nul}; send text, not binary data`;
  const m = LONE_SURROGATE.exec(s);
  if (m) {
    const hex = s.charCodeAt(m.index).toString(16).toUpperCase();
    return `contains an unpaired UTF-16 surrogate (U+${hex}) at index ${m.index}; the text is not valid Unicode`;
  }
  return null;
}

/** One input text: non-empty, no NUL, valid Unicode. Length limits are checked after parsing (413, not 400). */
export const TextSchema = z
  .string()
  .min(1, "text is empty")
  .superRefine((s, ctx) => {
    const problem = textProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** A non-empty array of texts; the per-request maximum is checked after parsing (413). */
export const TextsSchema = z.array(TextSchema).min(1, "at least one text is required");

export const MaxLengthSchema = z
  .number()
  .int()
  .min(3)
  .max(MODEL_MAX_LENGTH)
  .meta({
    description:
      "Tokens per text including <s> and </s>; longer texts are cut to <s> + the first max_length − 2 pieces + </s>. " +
      "Default and maximum: the model's limit (8192).",
  });

export const TruncateSchema = z
  .boolean()
  .default(true)
  .meta({ description: "Cut texts longer than max_length (default). false answers 413 for such a text instead." });

export { ModelInfoSchema } from "./similarity-contract";

export const UsageSchema = z.object({
  tokens: z.number().int().meta({ description: "Tokens encoded, after truncation, <s> and </s> included." }),
});

export const ErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.enum(API_ERROR_TYPES),
    field: z.string().optional().meta({ description: "The offending field as a dotted path, e.g. texts.3." }),
  }),
});
