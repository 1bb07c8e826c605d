/** `POST /api/embed` (and `/embed`): dense, sparse and ColBERT representations of each text (embed-contract.ts). */

import { modelInfo } from "@/lib/api/model-info";
import type { Engine } from "@/lib/engine";
import type { ModelChoice } from "@/lib/engine/model-dir";
import type { MultiVector, Representation } from "@/lib/m3/types";
import { apiRoute } from "./api-route";
import { type EmbedMode, EmbedRequestSchema, type EmbedResponse } from "./embed-contract";
import { encodeTexts } from "./encode";
import { slicedJsonResponse } from "./json-stream";
import { checkTextFields, requestLimits, resolveMaxLength } from "./limits";
import { parseJsonBody } from "./parse";
import { readyEngine } from "./ready-engine";
import type { ApiRoutePath } from "./routes";

const rowsOf = (m: MultiVector): Float32Array[] =>
  Array.from({ length: m.rows }, (_, r) => m.data.subarray(r * m.dim, (r + 1) * m.dim));

/** `EmbedResponse` with its vectors still float32: `slicedJsonResponse` writes them as the same JSON arrays. */
export type EmbedWire = Omit<EmbedResponse, "embeddings" | "colbert"> & {
  embeddings?: Float32Array[];
  colbert?: Float32Array[][];
};

/** The response for already encoded texts: only the fields `mode` asks for. */
export function embedResponse(
  engine: Engine,
  choice: ModelChoice,
  mode: EmbedMode,
  reps: readonly Representation[],
): EmbedWire {
  const all = mode === "all";
  const tok = engine.tokenizer;
  return {
    model: modelInfo(engine, choice),
    dimension: engine.config.hiddenSize,
    ...(all || mode === "dense" ? { embeddings: reps.map((r) => r.dense) } : {}),
    ...(all || mode === "sparse"
      ? {
          sparse: reps.map((r) => ({
            indices: [...r.lexical.keys()],
            values: [...r.lexical.values()],
            tokens: [...r.lexical.keys()].map((id) => tok.decodeToken(id)),
          })),
        }
      : {}),
    ...(all || mode === "colbert" ? { colbert: reps.map((r) => rowsOf(r.colbert)) } : {}),
    usage: { tokens: reps.reduce((s, r) => s + r.tokens.length, 0) },
  };
}

/** The POST handler, logged and counted under `route`. */
export function embedRoute(route: ApiRoutePath): (req: Request) => Promise<Response> {
  return apiRoute(route, async (req, meter) => {
    const limits = requestLimits();
    const body = await parseJsonBody(req, EmbedRequestSchema, limits.maxBodyBytes);
    checkTextFields({ texts: body.texts }, limits);
    const { engine, choice } = await readyEngine();
    const maxLength = resolveMaxLength(engine, body.max_length);
    const reps = await encodeTexts(engine, body.texts, maxLength, meter, { truncate: body.truncate });
    return slicedJsonResponse(embedResponse(engine, choice, body.mode, reps));
  });
}
