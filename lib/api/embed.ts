/** `POST /api/embed` (and `/embed`): dense, sparse and ColBERT representations of each text (embed-contract.ts). */

import { modelInfo } from "@/lib/api/model-info";
import type { Engine } from "@/lib/engine";
import type { ModelChoice } from "@/lib/engine/model-dir";
import type { MultiVector, Representation } from "@/lib/m3/types";
import { type EmbedMode, EmbedRequestSchema, type EmbedResponse } from "./embed-contract";
import { slicedJsonResponse } from "./json-stream";
import { checkTextFields, requestLimits } from "./limits";
import type { ApiRoutePath } from "./routes";
import type { EncodingFormat } from "./schemas";
import { textRoute } from "./text-route";
import { float32Base64 } from "./vector-encoding";

const rowsOf = (m: MultiVector): Float32Array[] =>
  Array.from({ length: m.rows }, (_, r) => m.data.subarray(r * m.dim, (r + 1) * m.dim));

/** `EmbedResponse` with its vectors still float32: `slicedJsonResponse` writes them as the same JSON arrays. */
export type EmbedWire = Omit<EmbedResponse, "embeddings" | "colbert"> & {
  embeddings?: (Float32Array | string)[];
  colbert?: (Float32Array | string)[][];
};

/** The response for already encoded texts: only the fields `mode` asks for. */
export function embedResponse(
  engine: Engine,
  choice: ModelChoice,
  mode: EmbedMode,
  reps: readonly Representation[],
  format: EncodingFormat = "float",
): EmbedWire {
  const all = mode === "all";
  const vector: (v: Float32Array) => Float32Array | string = format === "base64" ? float32Base64 : (v) => v;
  const tok = engine.tokenizer;
  return {
    model: modelInfo(engine, choice),
    dimension: engine.config.hiddenSize,
    ...(all || mode === "dense" ? { embeddings: reps.map((r) => vector(r.dense)) } : {}),
    ...(all || mode === "sparse"
      ? {
          sparse: reps.map((r) => ({
            indices: [...r.lexical.keys()],
            values: [...r.lexical.values()],
            tokens: [...r.lexical.keys()].map((id) => tok.decodeToken(id)),
          })),
        }
      : {}),
    ...(all || mode === "colbert" ? { colbert: reps.map((r) => rowsOf(r.colbert).map(vector)) } : {}),
    usage: { tokens: reps.reduce((s, r) => s + r.tokens.length, 0) },
  };
}

/** The POST handler, logged and counted under `route`. */
export const embedRoute = (route: ApiRoutePath) =>
  textRoute(route, {
    schema: EmbedRequestSchema,
    limits: requestLimits,
    check: (body, limits) => checkTextFields({ texts: body.texts }, limits),
    answer: async ({ body, engine, choice, maxLength, encode }) => {
      const reps = await encode(body.texts, maxLength, { truncate: body.truncate });
      return slicedJsonResponse(embedResponse(engine, choice, body.mode, reps, body.encoding_format));
    },
  });
