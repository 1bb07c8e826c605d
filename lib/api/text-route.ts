/**
 * The one pipeline of every route that takes text: parse the body within its byte limit (400, 413, 415), check its
 * texts against the route's limits (413), get the ready engine (503 while it loads), resolve max_length once, answer.
 */
import "server-only";
import type { z } from "zod";
import type { Engine } from "@/lib/engine";
import type { EncodeOptions } from "@/lib/engine/batcher";
import type { ModelChoice } from "@/lib/engine/model-dir";
import type { DenseRepresentation, Representation } from "@/lib/m3/types";
import { apiRoute, type RequestMeter } from "./api-route";
import { encodeDenseTexts, encodeTexts } from "./encode";
import { resolveMaxLength } from "./limits";
import { parseJsonBody } from "./parse";
import { readyEngine } from "./ready-engine";
import type { ApiRoutePath } from "./routes";

/** How a route's texts become representations: the shared batcher and cache, counted in the request's meter. */
export type EncodeFn = (texts: readonly string[], maxLength: number, opts?: EncodeOptions) => Promise<Representation[]>;
/** `EncodeFn` for routes that answer with the dense vectors alone, which lets the engine skip the rest. */
export type EncodeDenseFn = (
  texts: readonly string[],
  maxLength: number,
  opts?: EncodeOptions,
) => Promise<DenseRepresentation[]>;

/** A checked request, ready to answer. */
export interface TextRequest<B, L> {
  req: Request;
  /** `performance.now()` when the handler began, before the body was read. */
  startedMs: number;
  body: B;
  limits: L;
  engine: Engine;
  choice: ModelChoice;
  meter: RequestMeter;
  /** The request's max_length, else the route's default, within the model's limit. */
  maxLength: number;
  encode: EncodeFn;
  encodeDense: EncodeDenseFn;
}

export interface TextRouteSpec<B extends object, L extends { maxBodyBytes: number }> {
  schema: z.ZodType<B>;
  /** The route's limits: the shared ones (`requestLimits`) or its own. */
  limits: () => L;
  /** Checks the body's texts against the limits (413), and what the schema cannot see. */
  check: (body: B, limits: L) => void;
  /** max_length when the request gives none; default the model's limit. */
  defaultMaxLength?: number;
  answer: (request: TextRequest<B, L>) => Promise<Response>;
}

/** The body's max_length, which its schema has checked where the route takes one. */
const requestedMaxLength = (body: object): number | undefined =>
  "max_length" in body && typeof body.max_length === "number" ? body.max_length : undefined;

export function textRoute<B extends object, L extends { maxBodyBytes: number }>(
  route: ApiRoutePath,
  spec: TextRouteSpec<B, L>,
): (req: Request) => Promise<Response> {
  return apiRoute(route, async (req, meter) => {
    const startedMs = performance.now();
    const limits = spec.limits();
    const body = await parseJsonBody(req, spec.schema, limits.maxBodyBytes);
    spec.check(body, limits);
    const { engine, choice } = await readyEngine();
    const maxLength = resolveMaxLength(engine, requestedMaxLength(body), spec.defaultMaxLength);
    const encode: EncodeFn = (texts, ml, opts) => encodeTexts(engine, texts, ml, meter, opts);
    const encodeDense: EncodeDenseFn = (texts, ml, opts) => encodeDenseTexts(engine, texts, ml, meter, opts);
    return spec.answer({ req, startedMs, body, limits, engine, choice, meter, maxLength, encode, encodeDense });
  });
}
