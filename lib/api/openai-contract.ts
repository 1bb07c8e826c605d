/** `POST /v1/embeddings`: the OpenAI embeddings request and response, as zod schemas and their types. */
import { z } from "zod";
import { EncodingFormatSchema, TextSchema } from "./schemas";

/** OpenAI's limit on inputs per request, which its SDKs and LangChain batch up to (LangChain sends 1,000). */
export const OPENAI_MAX_INPUTS = 2048;

export const OpenAIEmbeddingsRequestSchema = z
  .object({
    input: z
      .union([TextSchema, z.array(TextSchema).min(1, "at least one text is required")], {
        error: (iss) =>
          iss.input === undefined
            ? "required"
            : Array.isArray(iss.input) && iss.input.some((x) => typeof x === "number" || Array.isArray(x))
              ? "token ids are not accepted: send strings (bge-m3 has its own tokenizer; in LangChain set check_embedding_ctx_length=False)"
              : "must be a string or an array of strings",
      })
      .meta({
        description:
          "A text or up to 2,048 texts (OpenAI's limit; BGE_M3_MAX_TEXTS when that is higher). Token-id arrays are " +
          "not accepted.",
      }),
    model: z.string().optional().meta({ description: "Accepted and ignored: the server serves one model." }),
    encoding_format: EncodingFormatSchema.default("float").meta({
      description: "base64 = the little-endian float32 bytes of the vector, as OpenAI sends them.",
    }),
    dimensions: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({
        description:
          "Keep the first n dimensions and L2-normalise again (OpenAI/Matryoshka style). bge-m3 was not trained " +
          "for this, so expect quality to drop faster than with Matryoshka models.",
      }),
    user: z.string().optional().meta({ description: "Accepted and ignored." }),
  })
  .strict()
  .meta({ examples: [{ input: ["What is BGE M3?"], model: "BAAI/bge-m3" }] });
export type OpenAIEmbeddingsRequest = z.infer<typeof OpenAIEmbeddingsRequestSchema>;

export const OpenAIEmbeddingsResponseSchema = z.object({
  object: z.literal("list"),
  data: z.array(
    z.object({
      object: z.literal("embedding"),
      index: z.number().int(),
      embedding: z.union([z.array(z.number()), z.string()]).meta({ description: "Floats, or base64 when asked." }),
    }),
  ),
  model: z.string(),
  usage: z.object({ prompt_tokens: z.number().int(), total_tokens: z.number().int() }),
});
export type OpenAIEmbeddingsResponse = z.infer<typeof OpenAIEmbeddingsResponseSchema>;
