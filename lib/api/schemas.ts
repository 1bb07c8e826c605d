/**
 * Zod pieces shared by the route contracts: a text, max_length, truncate, the model block and usage. Only zod here:
 * client components import the contracts.
 */
import { z } from "zod";

import { MIN_MAX_LENGTH, MODEL_MAX_LENGTH } from "@/lib/m3/max-length";

export { MIN_MAX_LENGTH, MODEL_MAX_LENGTH };

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

/**
 * One input text of any route: non-empty, no NUL, valid Unicode. Its length and the number of texts are checked
 * right after parsing (`checkTextFields` in limits.ts: 413, not 400).
 */
export const TextSchema = z
  .string()
  .min(1, "text is empty")
  .superRefine((s, ctx) => {
    const problem = textProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** A non-empty array of texts. */
export const TextsSchema = z.array(TextSchema).min(1, "at least one text is required");

const shown = (x: unknown) => (typeof x === "number" ? String(x) : (JSON.stringify(x) ?? String(x)));

/** The max_length rule in words, for the schema and for a model whose limit is below 8192. */
export const maxLengthRule = (max: number, got: unknown) =>
  `must be an integer from ${MIN_MAX_LENGTH} to ${max}, got ${shown(got)}`;

const maxLengthError = { error: (iss: { input?: unknown }) => maxLengthRule(MODEL_MAX_LENGTH, iss.input) };

/** max_length on every route that takes it; `resolveMaxLength` (limits.ts) then holds it to the model's limit. */
export const MaxLengthSchema = z
  .number(maxLengthError)
  .int(maxLengthError)
  .min(MIN_MAX_LENGTH, maxLengthError)
  .max(MODEL_MAX_LENGTH, maxLengthError)
  .meta({
    description:
      "Tokens per text including <s> and </s>, an integer from 3 to the model's limit (8192); longer texts are cut " +
      "to <s> + the first max_length − 2 pieces + </s>. Default: the model's limit.",
  });

/** How float32 vectors and matrices go on the wire: JSON numbers, or base64 of little-endian float32. */
export const EncodingFormatSchema = z.enum(["float", "base64"]);
export type EncodingFormat = z.infer<typeof EncodingFormatSchema>;

export const TruncateSchema = z
  .boolean()
  .default(true)
  .meta({ description: "Cut texts longer than max_length (default). false answers 413 for such a text instead." });

export const ModelInfoSchema = z.object({
  name: z.string(),
  revision: z.string().nullable(),
  test_model: z
    .boolean()
    .nullable()
    .meta({
      description:
        "True when the files matched the bundled random-weight test model's manifest (scores mean nothing), false for " +
        "another manifest, null when BGE_M3_VERIFY=0 left them unchecked (the name then ends in (unverified)).",
    }),
  dimension: z.number().int(),
  variant: z
    .enum(["fp32", "int8"])
    .meta({ description: "fp32: the official graph; int8: the dynamically quantised one (BGE_M3_VARIANT=int8)." }),
  int8_scales: z
    .enum(["pair", "column"])
    .nullable()
    .meta({
      description:
        "The int8 graph's weight scales, as its metadata records them: pair (exact on every x86 CPU) or column " +
        "(exact only with VNNI); null for fp32, or for an int8 graph this project's quantiser did not write.",
    }),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

/** A text's token counts, `<s>` and `</s>` included. */
export const TokenCountSchema = z.object({
  before: z.number().int().meta({ description: "Tokens before truncation." }),
  after: z.number().int().meta({ description: "Tokens actually encoded." }),
  truncated: z.boolean(),
});
export type TokenCount = z.infer<typeof TokenCountSchema>;

/** Error body of every API route (`/v1/embeddings` answers in OpenAI's shape instead). */
export const ApiErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    field: z.string().optional().meta({ description: "The request field at fault, as a path (texts.2, pairs.7.b)." }),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

export const UsageSchema = z.object({
  tokens: z.number().int().meta({ description: "Tokens encoded, after truncation, <s> and </s> included." }),
});
