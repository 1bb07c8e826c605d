/** `POST /v1/embeddings`: dense embeddings in OpenAI's shape (float or base64, optional `dimensions`). */
import { modelInfo } from "@/lib/api/model-info";
import { apiRoute } from "./api-route";
import { encodeTexts } from "./encode";
import { ApiError } from "./errors";
import { checkTextFields, requestLimits } from "./limits";
import { OpenAIEmbeddingsRequestSchema, type OpenAIEmbeddingsResponse } from "./openai-contract";
import { parseJsonBody } from "./parse";
import { readyEngine } from "./ready-engine";
import type { ApiRoutePath } from "./routes";
import { float32Base64, shortenNormalised } from "./vector-encoding";

export function openAIEmbeddingsRoute(route: ApiRoutePath): (req: Request) => Promise<Response> {
  return apiRoute(route, async (req, meter) => {
    const limits = requestLimits();
    const body = await parseJsonBody(req, OpenAIEmbeddingsRequestSchema, limits.maxBodyBytes);
    checkTextFields({ input: body.input }, limits);
    const texts = typeof body.input === "string" ? [body.input] : body.input;
    const { engine, choice } = await readyEngine();
    const dim = engine.config.hiddenSize;
    if (body.dimensions !== undefined && body.dimensions > dim) {
      throw new ApiError(
        "invalid_request",
        `dimensions: at most ${dim} for this model, got ${body.dimensions}`,
        "dimensions",
      );
    }
    // Like OpenAI, texts over the model's limit are cut rather than refused: bge-m3 takes 8192 tokens.
    const reps = await encodeTexts(engine, texts, engine.maxLength, meter, {
      fieldOf: (i) => (typeof body.input === "string" ? "input" : `input.${i}`),
    });
    const tokens = reps.reduce((s, r) => s + r.tokens.length, 0);
    const response: OpenAIEmbeddingsResponse = {
      object: "list",
      data: reps.map((r, index) => {
        const v =
          body.dimensions !== undefined && body.dimensions < dim
            ? shortenNormalised(r.dense, body.dimensions)
            : r.dense;
        return {
          object: "embedding",
          index,
          embedding: body.encoding_format === "base64" ? float32Base64(v) : Array.from(v),
        };
      }),
      model: modelInfo(engine, choice).name,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
    return Response.json(response);
  });
}
