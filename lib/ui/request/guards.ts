/**
 * Checks that an answer has the shape its contract promises before a page reads it. Where a contract exports a zod
 * schema the guard is that schema; `/api/matrix` and `/api/tune` have only TypeScript types so far, so their guards
 * check what the pages read.
 */
import type { z } from "zod";
import { SpeedFitSchema } from "@/lib/api/info-contract";
import type { MatrixResponse } from "@/lib/api/matrix-contract";
import { RerankResponseSchema } from "@/lib/api/rerank-contract";
import { type SimilarityResponse, SimilarityResponseSchema } from "@/lib/api/similarity-contract";
import { TokenizeResponseSchema } from "@/lib/api/tokenize-contract";
import type { TuneResponse } from "@/lib/api/tune-contract";

export type Guard<T> = (x: unknown) => x is T;

const fits =
  <S extends z.ZodType>(schema: S): Guard<z.output<S>> =>
  (x): x is z.output<S> =>
    schema.safeParse(x).success;

export const isRerankResponse = fits(RerankResponseSchema);
export const isTokenizeResponse = fits(TokenizeResponseSchema);
export const isSpeedFit = fits(SpeedFitSchema);

// The MaxSim matrix can hold 4096² numbers: only its rows are checked here; `maxSimGrid` reads a non-number as a gap.
const fitsSimilarityButMaxSim = fits(SimilarityResponseSchema.omit({ maxsim: true }));

export function isSimilarityResponse(x: unknown): x is SimilarityResponse {
  const maxsim = (x as SimilarityResponse | null)?.maxsim;
  return Array.isArray(maxsim) && maxsim.every(Array.isArray) && fitsSimilarityButMaxSim(x);
}

export function isMatrixResponse(x: unknown): x is MatrixResponse {
  const r = x as MatrixResponse | null;
  const square = (rows: unknown) => Array.isArray(rows) && rows.length === r?.n && rows.every(Array.isArray);
  return (
    typeof r?.n === "number" &&
    square(r.matrices?.dense) &&
    square(r.matrices.sparse) &&
    square(r.matrices.colbert) &&
    Array.isArray(r.token_counts) &&
    typeof r.model?.name === "string"
  );
}

export function isTuneResponse(x: unknown): x is TuneResponse {
  const r = x as TuneResponse | null;
  return (
    Array.isArray(r?.scores) &&
    Array.isArray(r.grid) &&
    typeof r.best?.weights?.dense === "number" &&
    typeof r.model?.name === "string"
  );
}
