/** `POST /v1/embeddings`: dense embeddings in OpenAI's shape (float or base64, optional `dimensions`). */
import { modelInfo } from "@/lib/api/model-info";
import { ApiError } from "./errors";
import { slicedJsonResponse } from "./json-stream";
import { checkTextFields, openAILimits, requestLimits } from "./limits";
import { OpenAIEmbeddingsRequestSchema, type OpenAIEmbeddingsResponse } from "./openai-contract";
import type { ApiRoutePath } from "./routes";
import { type EncodeDenseFn, textRoute } from "./text-route";
import { shortenNormalised, type WireVector, wireVector } from "./vector-encoding";

/** `OpenAIEmbeddingsResponse` with its vectors still float32: `slicedJsonResponse` writes the same JSON arrays or strings. */
type OpenAIEmbeddingsWire = Omit<OpenAIEmbeddingsResponse, "data"> & {
  data: { object: "embedding"; index: number; embedding: WireVector }[];
};

/**
 * The dense vectors of `texts`, encoded `BGE_M3_MAX_TEXTS` at a time (what every other route encodes at most): a
 * 2,048-input request asks the queue for one slice's tokens at a time, lets other requests in between, and holds one
 * slice's representations at most. Only the dense vectors are asked for, so the engine can skip the rest.
 */
async function denseVectors(
  encode: EncodeDenseFn,
  maxLength: number,
  texts: readonly string[],
  fieldOf: (i: number) => string,
): Promise<{ vectors: Float32Array[]; tokens: number }> {
  const size = requestLimits().maxTexts;
  const vectors: Float32Array[] = [];
  let tokens = 0;
  for (let start = 0; start < texts.length; start += size) {
    // Like OpenAI, texts over the model's limit are cut rather than refused: bge-m3 takes 8192 tokens.
    const reps = await encode(texts.slice(start, start + size), maxLength, { fieldOf: (i) => fieldOf(start + i) });
    for (const r of reps) {
      vectors.push(r.dense);
      tokens += r.tokens.length;
    }
  }
  return { vectors, tokens };
}

export const openAIEmbeddingsRoute = (route: ApiRoutePath) =>
  textRoute(route, {
    schema: OpenAIEmbeddingsRequestSchema,
    limits: openAILimits,
    check: (body, limits) => checkTextFields({ input: body.input }, limits),
    answer: async ({ body, engine, choice, maxLength, encodeDense }) => {
      const texts = typeof body.input === "string" ? [body.input] : body.input;
      const fieldOf = (i: number) => (typeof body.input === "string" ? "input" : `input.${i}`);
      const dim = engine.config.hiddenSize;
      if (body.dimensions !== undefined && body.dimensions > dim) {
        throw new ApiError(
          "invalid_request",
          `dimensions: at most ${dim} for this model, got ${body.dimensions}`,
          "dimensions",
        );
      }
      const { vectors, tokens } = await denseVectors(encodeDense, maxLength, texts, fieldOf);
      const shorten = body.dimensions !== undefined && body.dimensions < dim ? body.dimensions : null;
      const vector = wireVector(body.encoding_format);
      const response: OpenAIEmbeddingsWire = {
        object: "list",
        data: vectors.map((full, index) => {
          const v = shorten === null ? full : shortenNormalised(full, shorten);
          return { object: "embedding", index, embedding: vector(v) };
        }),
        model: modelInfo(engine, choice).name,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      };
      return slicedJsonResponse(response);
    },
  });
