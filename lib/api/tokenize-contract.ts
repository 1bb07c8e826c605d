/** `POST /api/tokenize`: request and response, as zod schemas and their types. */
import { z } from "zod";
import { MaxLengthSchema, ModelInfoSchema, TextsSchema, UsageSchema } from "./schemas";

export const TokenizeRequestSchema = z
  .object({
    texts: TextsSchema,
    max_length: MaxLengthSchema.optional(),
  })
  .strict()
  .meta({ examples: [{ texts: ["气候变化是全球挑战"] }] });
export type TokenizeRequest = z.infer<typeof TokenizeRequestSchema>;

export const TokenSchema = z.object({
  id: z.number().int(),
  text: z.string().meta({ description: "The vocabulary piece; ▁ marks a preceding space." }),
  start: z.number().int().meta({ description: "UTF-16 offset into the text (0 for <s> and </s>)." }),
  end: z.number().int(),
  special: z.boolean().meta({ description: "True for <s> and </s>." }),
});

export const TokenizeResponseSchema = z.object({
  model: ModelInfoSchema,
  max_length: z.number().int(),
  results: z.array(
    z.object({
      tokens: z.array(TokenSchema),
      count: z.object({
        before: z.number().int().meta({ description: "Tokens before truncation, <s> and </s> included." }),
        after: z.number().int(),
        truncated: z.boolean(),
      }),
    }),
  ),
  usage: UsageSchema,
});
export type TokenizeResponse = z.infer<typeof TokenizeResponseSchema>;
