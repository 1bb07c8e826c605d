/** The wire shape of a progress stream (progress-stream.ts writes it, the browser's request layer reads it). */
import type { ApiErrorBody } from "./schemas";

export const NDJSON_TYPE = "application/x-ndjson";

/** One line of a progress stream. `stage` names the work ("encode", "score"); `done` and `total` count its units. */
export type StreamLine<T> =
  | { type: "progress"; stage: string; done: number; total: number }
  | { type: "result"; data: T }
  | { type: "error"; status: number; error: ApiErrorBody["error"] };
