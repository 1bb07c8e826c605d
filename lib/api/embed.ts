/** `POST /api/embed` (and `/embed`): dense, sparse and ColBERT representations of each text (embed-contract.ts). */

import { modelInfo } from "@/lib/api/model-info";
import type { Engine } from "@/lib/engine";
import type { ModelChoice } from "@/lib/engine/model-dir";
import type { DenseRepresentation, MultiVector, Representation } from "@/lib/m3/types";
import { type EmbedMode, EmbedRequestSchema, type EmbedResponse } from "./embed-contract";
import { slicedJsonResponse } from "./json-stream";
import { checkTextFields, requestLimits } from "./limits";
import type { ApiRoutePath } from "./routes";
import type { EncodingFormat } from "./schemas";
import { textRoute } from "./text-route";
import { type WireVector, wireVector } from "./vector-encoding";

const rowsOf = (m: MultiVector): Float32Array[] =>
  Array.from({ length: m.rows }, (_, r) => m.data.subarray(r * m.dim, (r + 1) * m.dim));

/** `EmbedResponse` with its vectors still float32: `slicedJsonResponse` writes them as the same JSON arrays or strings. */
export type EmbedWire = Omit<EmbedResponse, "embeddings" | "colbert"> & {
  embeddings?: WireVector[];
  colbert?: WireVector[][];
};

/** What a mode's answer is made of: the dense vectors alone for `dense`, all three representations otherwise. */
export type EmbedAnswer =
  | { mode: "dense"; reps: readonly DenseRepresentation[] }
  | { mode: Exclude<EmbedMode, "dense">; reps: readonly Representation[] };

/** The response for already encoded texts: only the fields `mode` asks for. */
export function embedResponse(
  engine: Engine,
  choice: ModelChoice,
  answer: EmbedAnswer,
  format: EncodingFormat = "float",
): EmbedWire {
  const vector = wireVector(format);
  const head = {
    model: modelInfo(engine, choice),
    dimension: engine.config.hiddenSize,
  };
  const usage = { tokens: answer.reps.reduce((s, r) => s + r.tokens.length, 0) };
  if (answer.mode === "dense") return { ...head, embeddings: answer.reps.map((r) => vector(r.dense)), usage };
  const { mode, reps } = answer;
  const all = mode === "all";
  const tok = engine.tokenizer;
  return {
    ...head,
    ...(all ? { embeddings: reps.map((r) => vector(r.dense)) } : {}),
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
    usage,
  };
}

/** The POST handler, logged and counted under `route`. */
export const embedRoute = (route: ApiRoutePath) =>
  textRoute(route, {
    schema: EmbedRequestSchema,
    limits: requestLimits,
    check: (body, limits) => checkTextFields({ texts: body.texts }, limits),
    answer: async ({ body, engine, choice, maxLength, encode, encodeDense }) => {
      const opts = { truncate: body.truncate };
      const { mode } = body;
      const answer: EmbedAnswer =
        mode === "dense"
          ? { mode, reps: await encodeDense(body.texts, maxLength, opts) }
          : { mode, reps: await encode(body.texts, maxLength, opts) };
      return slicedJsonResponse(embedResponse(engine, choice, answer, body.encoding_format));
    },
  });
