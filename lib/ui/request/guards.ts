/** Checks that an answer has the shape its contract's zod schema promises before a page reads it. */
import type { z } from "zod";
import { CoverageResponseSchema } from "@/lib/api/coverage-contract";
import { SpeedFitSchema } from "@/lib/api/info-contract";
import { type MatrixResponse, MatrixResponseSchema } from "@/lib/api/matrix-contract";
import { RerankResponseSchema } from "@/lib/api/rerank-contract";
import { type SimilarityResponse, SimilarityResponseSchema } from "@/lib/api/similarity-contract";
import { TokenizeResponseSchema } from "@/lib/api/tokenize-contract";
import { TuneResponseSchema } from "@/lib/api/tune-contract";

export type Guard<T> = (x: unknown) => x is T;

const fits =
  <S extends z.ZodType>(schema: S): Guard<z.output<S>> =>
  (x): x is z.output<S> =>
    schema.safeParse(x).success;

export const isCoverageResponse = fits(CoverageResponseSchema);
export const isRerankResponse = fits(RerankResponseSchema);
export const isTokenizeResponse = fits(TokenizeResponseSchema);
export const isTuneResponse = fits(TuneResponseSchema);
export const isSpeedFit = fits(SpeedFitSchema);

const fitsMatrix = fits(MatrixResponseSchema);

/** A matrix answer whose three matrices are n × n, as the page reads them. */
export function isMatrixResponse(x: unknown): x is MatrixResponse {
  if (!fitsMatrix(x)) return false;
  const square = (rows: number[][]) => rows.length === x.n && rows.every((r) => r.length === x.n);
  return square(x.matrices.dense) && square(x.matrices.sparse) && square(x.matrices.colbert);
}

// The MaxSim matrix can hold 4096² numbers: only its rows are checked here; `maxSimGrid` reads a non-number as a gap.
const fitsSimilarityButMaxSim = fits(SimilarityResponseSchema.omit({ maxsim: true }));

/** A similarity answer; whether a `maxsim_base64` decodes to its cells is for its reader (`base64Matrix`) to say. */
export function isSimilarityResponse(x: unknown): x is SimilarityResponse {
  const maxsim = (x as SimilarityResponse | null)?.maxsim;
  return Array.isArray(maxsim) && maxsim.every(Array.isArray) && fitsSimilarityButMaxSim(x);
}
