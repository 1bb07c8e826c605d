/** `POST /api/embed` (also `POST /embed`): request and response, as zod schemas and their types. */
import { z } from "zod";
import {
  EncodingFormatSchema,
  MaxLengthSchema,
  ModelInfoSchema,
  TextsSchema,
  TruncateSchema,
  UsageSchema,
} from "./schemas";

export const EmbedModeSchema = z
  .enum(["dense", "sparse", "colbert", "all"])
  .meta({ description: "Which representations to return; all = dense, sparse and ColBERT from one pass." });
export type EmbedMode = z.infer<typeof EmbedModeSchema>;

export const EmbedRequestSchema = z
  .object({
    texts: TextsSchema.meta({ description: "Texts to embed, at most BGE_M3_MAX_TEXTS (default 256)." }),
    mode: EmbedModeSchema.default("dense"),
    max_length: MaxLengthSchema.optional(),
    truncate: TruncateSchema,
    encoding_format: EncodingFormatSchema.default("float").meta({
      description:
        "float: vectors as JSON numbers; base64: each dense and ColBERT vector as the base64 of its little-endian " +
        "float32 bytes, as OpenAI's encoding_format (about 4× smaller and far cheaper to write and read). " +
        "Sparse weights stay JSON.",
    }),
  })
  .strict()
  .meta({ examples: [{ texts: ["What is BGE M3?"], mode: "all" }] });
export type EmbedRequest = z.infer<typeof EmbedRequestSchema>;

export const SparseEmbeddingSchema = z
  .object({
    indices: z.array(z.number().int()).meta({ description: "Token ids, in first-occurrence order." }),
    values: z.array(z.number()).meta({ description: "relu(sparse_linear(h)), max over repeats; all > 0." }),
    tokens: z.array(z.string()).meta({ description: "Each id's text (FlagEmbedding convert_id_to_token)." }),
  })
  .meta({ description: "Lexical weights: special tokens dropped, like BGEM3FlagModel's lexical_weights." });

export const EmbedResponseSchema = z.object({
  model: ModelInfoSchema,
  dimension: z.number().int().meta({ description: "Length of each dense and ColBERT vector." }),
  embeddings: z
    .array(z.union([z.array(z.number()), z.string()]))
    .optional()
    .meta({ description: "Dense: the L2-normalised <s> hidden state per text (modes dense, all)." }),
  sparse: z.array(SparseEmbeddingSchema).optional().meta({ description: "Modes sparse, all." }),
  colbert: z
    .array(z.array(z.union([z.array(z.number()), z.string()])))
    .optional()
    .meta({ description: "L2-normalised ColBERT vectors per token after <s> (</s> kept) (modes colbert, all)." }),
  usage: UsageSchema,
});
export type EmbedResponse = z.infer<typeof EmbedResponseSchema>;
