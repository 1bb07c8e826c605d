/** `POST /api/similarity`: both texts' representations, every score, the MaxSim matrix and the lexical overlap. */

import { modelInfo } from "@/lib/api/model-info";
import type { Env } from "@/lib/config/env";
import { setting } from "@/lib/config/settings";
import type { Engine } from "@/lib/engine";
import type { ModelChoice } from "@/lib/engine/model-dir";
import type { TextTokenizer } from "@/lib/engine/tokenizer";
import { blockMaxima } from "@/lib/m3/block-max";
import { rowMaxima } from "@/lib/m3/colbert";
import { combineScores, DEFAULT_WEIGHTS, normaliseWeights } from "@/lib/m3/hybrid";
import { sharedLexicalTerms } from "@/lib/m3/lexical";
import { pairScores } from "@/lib/m3/pair-scores";
import type { LexicalWeights, MaxSimMatrix, Representation } from "@/lib/m3/types";
import { slicedJsonResponse } from "./json-stream";
import { checkTextFields, requestLimits } from "./limits";
import { round3, round7 } from "./round";
import type { ApiRoutePath } from "./routes";
import type { EncodingFormat, TokenCount } from "./schemas";
import {
  type LexicalEntry,
  type MaxSimOmitted,
  type MaxSimWindowRequest,
  type SimilarityRequest,
  SimilarityRequestSchema,
  type SimilarityResponse,
} from "./similarity-contract";
import { type EncodeFn, textRoute } from "./text-route";
import { Base64Float32 } from "./vector-encoding";

/** The matrix's cells in rows [row, row + rows) and columns [col, col + cols), cut to its edges, as rounded rows. */
function matrixRows(m: MaxSimMatrix, row = 0, col = 0, rows = m.rows, cols = m.cols): number[][] {
  const out: number[][] = [];
  const colEnd = Math.min(m.cols, col + cols);
  for (let i = row; i < Math.min(m.rows, row + rows); i++) {
    const r = new Array<number>(Math.max(0, colEnd - col));
    for (let j = col; j < colEnd; j++) r[j - col] = round7(m.data[i * m.cols + j]!);
    out.push(r);
  }
  return out;
}

/** Blocks per side of the overview sent in place of an omitted matrix (200² numbers, about 400 kB of JSON). */
const OVERVIEW_BLOCKS = 200;

function overview(m: MaxSimMatrix): MaxSimOmitted["overview"] {
  const b = blockMaxima(m.rows, m.cols, m.data, OVERVIEW_BLOCKS);
  const blocks = Array.from({ length: b.rows }, (_, i) =>
    Array.from(b.data.subarray(i * b.cols, (i + 1) * b.cols), round7),
  );
  return { rows_per_block: b.rowsPerBlock, cols_per_block: b.colsPerBlock, blocks };
}

function rowBest(m: MaxSimMatrix): MaxSimOmitted["row_best"] {
  const best = rowMaxima(m);
  return { col: best.map((b) => b.col), value: best.map((b) => round7(b.value)) };
}

/** Most MaxSim cells in a response (default 4096 × 4096, about 160 MB of JSON): `BGE_M3_MAXSIM_MAX_CELLS`. */
export function maxSimCellLimit(env: Env = process.env): number {
  return setting("BGE_M3_MAXSIM_MAX_CELLS", env);
}

/** `SimilarityResponse` with a base64 matrix still float32: `slicedJsonResponse` writes it as the same string. */
type SimilarityWire = Omit<SimilarityResponse, "maxsim_base64"> & {
  maxsim_base64?: { rows: number; cols: number; data: Base64Float32 };
};

type MaxSimFields = Pick<SimilarityWire, "maxsim" | "maxsim_base64" | "maxsim_omitted">;

/**
 * The matrix as rows or as base64 float32, or, past the cell limit, an empty matrix and the reason (no client can
 * parse ~650 MB).
 */
function maxSimField(m: MaxSimMatrix, format: EncodingFormat): MaxSimFields {
  const limit = maxSimCellLimit();
  if (m.rows * m.cols <= limit) {
    if (format === "float") return { maxsim: matrixRows(m) };
    return { maxsim: [], maxsim_base64: { rows: m.rows, cols: m.cols, data: new Base64Float32(m.data) } };
  }
  const reason = `the ${m.rows}×${m.cols} MaxSim matrix has more than ${limit} cells (BGE_M3_MAXSIM_MAX_CELLS); its ColBERT score is still exact`;
  return {
    maxsim: [],
    maxsim_omitted: { rows: m.rows, cols: m.cols, limit, reason, overview: overview(m), row_best: rowBest(m) },
  };
}

function maxSimWindow(m: MaxSimMatrix, w: MaxSimWindowRequest): NonNullable<SimilarityResponse["maxsim_window"]> {
  return { row: w.row, col: w.col, values: matrixRows(m, w.row, w.col, w.rows, w.cols) };
}

const lexicalEntries = (w: LexicalWeights, tok: TextTokenizer): LexicalEntry[] =>
  [...w].map(([id, weight]) => ({ id, token: tok.decodeToken(id), weight }));

const tokenCount = (r: Representation): TokenCount => ({
  before: r.tokenCountBefore,
  after: r.tokens.length,
  truncated: r.truncated,
});

export async function similarity(
  engine: Engine,
  choice: ModelChoice,
  req: SimilarityRequest,
  maxLength: number,
  encode: EncodeFn,
): Promise<SimilarityWire> {
  const t0 = performance.now();
  const [a, b] = await encode([req.a, req.b], maxLength);
  const t1 = performance.now();
  const ra = a!;
  const rb = b!;
  const weights = req.weights ?? DEFAULT_WEIGHTS;
  const matrix = await engine.maxSim(ra.colbert, rb.colbert);
  const scores = combineScores(pairScores(ra, rb, matrix), weights);
  const tok = engine.tokenizer;
  const response: SimilarityWire = {
    scores,
    weights: normaliseWeights(weights),
    tokens: { a: ra.tokens, b: rb.tokens },
    ...(req.include_maxsim === false ? { maxsim: [] } : maxSimField(matrix, req.encoding_format ?? "float")),
    ...(req.maxsim_window && { maxsim_window: maxSimWindow(matrix, req.maxsim_window) }),
    lexical: {
      a: lexicalEntries(ra.lexical, tok),
      b: lexicalEntries(rb.lexical, tok),
      shared: sharedLexicalTerms(ra.lexical, rb.lexical).map((s) => ({
        id: s.id,
        token: tok.decodeToken(s.id),
        weight_a: s.weightA,
        weight_b: s.weightB,
        product: s.product,
      })),
    },
    token_counts: { a: tokenCount(ra), b: tokenCount(rb) },
    max_length: maxLength,
    model: modelInfo(engine, choice),
    timing_ms: { total: 0, encode: t1 - t0, score: 0 },
  };
  const t2 = performance.now();
  response.timing_ms = { total: round3(t2 - t0), encode: round3(t1 - t0), score: round3(t2 - t1) };
  return response;
}

export const similarityRoute = (route: ApiRoutePath) =>
  textRoute(route, {
    schema: SimilarityRequestSchema,
    limits: requestLimits,
    check: (body, limits) => checkTextFields({ a: body.a, b: body.b }, limits),
    answer: async ({ body, engine, choice, maxLength, encode }) =>
      slicedJsonResponse(await similarity(engine, choice, body, maxLength, encode)),
  });
