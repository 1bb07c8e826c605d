/**
 * `POST /api/coverage`: how well a summary covers a long document. The document is cut into passages of tokens
 * (`splitPassages`), the summary into sentences (`splitSentences`); each passage, the summary, each sentence and the
 * whole document are encoded once (the plan's tokenization of the document and the summary reused), and every pair
 * is scored as `/api/similarity` scores it, the passage or sentence being the query side: dense and sparse pair by
 * pair, ColBERT for all passages × the summary and all sentences × all passages from one stacked MaxSim product each
 * (`colbertGrid`).
 */
import { modelInfo } from "@/lib/api/model-info";
import type { Engine } from "@/lib/engine";
import type { ModelChoice } from "@/lib/engine/model-dir";
import { type TokenizedText, truncatedTo } from "@/lib/engine/tokenizer";
import { colbertGrid } from "@/lib/m3/colbert-grid";
import { combineScores, DEFAULT_WEIGHTS, normaliseWeights } from "@/lib/m3/hybrid";
import { pairScores, withColbert } from "@/lib/m3/pair-scores";
import { type Passage, splitPassages } from "@/lib/m3/passages";
import { splitSentences, type TextSpan } from "@/lib/m3/sentences";
import type { HybridWeights, Representation } from "@/lib/m3/types";
import { dot, l2NormaliseInPlace } from "@/lib/m3/vector";
import {
  COVERAGE_MAX_COLBERT_CELLS,
  type CoverageRequest,
  CoverageRequestSchema,
  type CoverageResponse,
  type CoverageScores,
  coverageWindow,
  overlapProblem,
} from "./coverage-contract";
import { ApiError } from "./errors";
import { checkPartCount, checkTextFields, type RequestLimits, requestLimits } from "./limits";
import { ndjsonResponse, type ProgressReport, wantsNdjson, yieldToEventLoop } from "./progress-stream";
import { round3, round7 } from "./round";
import type { ApiRoutePath } from "./routes";
import { type EncodeFn, textRoute } from "./text-route";

/** Texts per encode call, so the progress bar moves during encoding. */
const TEXTS_PER_CHUNK = 16;
/** A max_length no document reaches: the splitter needs all of its tokens. */
const WHOLE_TEXT = Number.MAX_SAFE_INTEGER;

/** The request, its passages and summary sentences, checked against the limits before any inference. */
export interface CoveragePlan {
  body: CoverageRequest;
  maxLength: number;
  chunk: number;
  overlap: number;
  passages: Passage[];
  sentences: TextSpan[];
  /** The document and the summary as the plan tokenized them at max_length, so that encoding does not again. */
  tokenized: ReadonlyMap<string, TokenizedText>;
}

const count = (n: number) => n.toLocaleString("en-US");

/** Splits the document and the summary; 400 or 413 when the split is more than one request may ask for. */
export async function planCoverage(
  engine: Engine,
  body: CoverageRequest,
  maxLength: number,
  limits: RequestLimits,
): Promise<CoveragePlan> {
  const { chunk, overlap } = coverageWindow(body, maxLength);
  if (chunk > maxLength - 2) {
    const message = `chunk_tokens: must be at most max_length − 2 (${maxLength - 2}), got ${chunk}`;
    throw new ApiError("invalid_request", message, "chunk_tokens");
  }
  const problem = overlapProblem(chunk, overlap);
  if (problem) throw new ApiError("invalid_request", `overlap_tokens: ${problem}`, "overlap_tokens");
  const document = await engine.tokenizer.encodeInSlices(body.document, WHOLE_TEXT);
  const passages = splitPassages(body.document, document.tokens.slice(1, -1), chunk, overlap);
  if (passages.length === 0) {
    throw new ApiError("invalid_request", "document: has no tokens to split into passages", "document");
  }
  checkPartCount("document", passages.length, limits.maxTexts, "passages");
  const sentences = splitSentences(body.summary);
  checkPartCount("summary", sentences.length, limits.maxTexts, "sentences");
  const summary = await engine.tokenizeInSlices(body.summary, maxLength);
  const summaryTokens = summary.ids.length - 1;
  const cells = summaryTokens * passages.reduce((s, p) => s + p.tokens + 1, 0);
  if (cells > COVERAGE_MAX_COLBERT_CELLS) {
    throw new ApiError(
      "invalid_request",
      `the summary's ${count(summaryTokens)} tokens against the passages' make ${count(cells)} ColBERT cells ` +
        `(limit ${count(COVERAGE_MAX_COLBERT_CELLS)}): shorten the summary or the document, or lower overlap_tokens`,
      "summary",
    );
  }
  const tokenized = new Map([
    [body.document, truncatedTo(document, maxLength)],
    [body.summary, summary],
  ]);
  return { body, maxLength, chunk, overlap, passages, sentences, tokenized };
}

export interface CoverageOptions {
  onProgress?: ProgressReport;
  signal?: AbortSignal;
  encode: EncodeFn;
}

/** The texts to encode, each once: the summary, its sentences, the passages and the whole document. */
function textsOf(plan: CoveragePlan) {
  const { document, summary } = plan.body;
  const sentences = plan.sentences.map((s) => summary.slice(s.start, s.end));
  const passages = plan.passages.map((p) => document.slice(p.start, p.end));
  const all = [summary, ...sentences, ...passages, document];
  const fields = ["summary", ...sentences.map(() => "summary"), ...passages.map(() => "document"), "document"];
  return { all, fields, sentences, passages };
}

async function encodeOnce(
  texts: readonly string[],
  fields: readonly string[],
  { maxLength, tokenized }: CoveragePlan,
  { onProgress, signal, encode }: CoverageOptions,
): Promise<(text: string) => Representation> {
  const distinct = [...new Set(texts)];
  const fieldOf = new Map(texts.map((t, i) => [t, fields[i]!]));
  const reps = new Map<string, Representation>();
  onProgress?.("encode", 0, distinct.length);
  for (let start = 0; start < distinct.length; start += TEXTS_PER_CHUNK) {
    const chunk = distinct.slice(start, start + TEXTS_PER_CHUNK);
    const out = await encode(chunk, maxLength, {
      fieldOf: (i) => fieldOf.get(chunk[i]!)!,
      tokenized: (i) => tokenized.get(chunk[i]!),
    });
    for (const [k, r] of out.entries()) reps.set(chunk[k]!, r);
    onProgress?.("encode", Math.min(distinct.length, start + TEXTS_PER_CHUNK), distinct.length);
    await yieldToEventLoop(signal);
  }
  return (text) => reps.get(text)!;
}

const modeScores = ({ dense, sparse, colbert, hybrid }: CoverageScores): CoverageScores => ({
  dense,
  sparse,
  colbert,
  hybrid,
});

/** ColBERT of each query text against each other text from one stacked MaxSim product, cancellable between slices. */
const gridOf =
  (engine: Engine, signal: AbortSignal | undefined) =>
  (queries: readonly Representation[], texts: readonly Representation[]) =>
    colbertGrid(
      queries.map((r) => r.colbert),
      texts.map((r) => r.colbert),
      (a, b) => engine.maxSim(a, b),
      { afterSlice: () => yieldToEventLoop(signal) },
    );

/** `/api/similarity`'s scores of a (the query side) against b, from their MaxSim matrix as it computes it. */
async function similarityScores(engine: Engine, a: Representation, b: Representation, w: HybridWeights) {
  return modeScores(combineScores(pairScores(a, b, await engine.maxSim(a.colbert, b.colbert)), w));
}

/**
 * 400 when a passage's own tokenization is longer than max_length, so that it was cut: a passage cut mid-word can
 * take a piece or two more on its own than in the document, and its offsets must stay the text encoded.
 */
function checkWholePassages(passages: readonly Representation[], maxLength: number): void {
  const i = passages.findIndex((p) => p.truncated);
  if (i < 0) return;
  const before = passages[i]!.tokenCountBefore;
  throw new ApiError(
    "invalid_request",
    `chunk_tokens: passage ${i} has ${before} tokens on its own, more than max_length ${maxLength}; ` +
      "lower chunk_tokens or raise max_length",
    "chunk_tokens",
  );
}

/** Index of the largest value, the first on a tie. */
const argmax = (xs: readonly number[]) => xs.reduce((best, x, i) => (x > xs[best]! ? i : best), 0);

/** Cosine of `summary` with the mean of the passages' dense vectors. */
function meanDense(passages: readonly Representation[], summary: Representation): number {
  const mean = new Float32Array(summary.dense.length);
  for (const p of passages) for (let i = 0; i < mean.length; i++) mean[i]! += p.dense[i]!;
  l2NormaliseInPlace(mean);
  return dot(mean, summary.dense);
}

export async function coverage(
  engine: Engine,
  choice: ModelChoice,
  plan: CoveragePlan,
  options: CoverageOptions,
): Promise<CoverageResponse> {
  const { onProgress, signal } = options;
  const t0 = performance.now();
  const texts = textsOf(plan);
  const rep = await encodeOnce(texts.all, texts.fields, plan, options);
  const t1 = performance.now();

  const { body } = plan;
  const weights = body.weights ?? DEFAULT_WEIGHTS;
  const summary = rep(body.summary);
  const passageReps = texts.passages.map(rep);
  checkWholePassages(passageReps, plan.maxLength);
  const sentenceReps = texts.sentences.map(rep);
  const steps = passageReps.length + texts.sentences.length + 1;
  onProgress?.("score", 0, steps);
  const grid = gridOf(engine, signal);
  const passageColbert = await grid(passageReps, [summary]);
  const passageScores = passageReps.map((p, j) =>
    modeScores(combineScores(withColbert(p, summary, passageColbert[j]![0]!), weights)),
  );
  onProgress?.("score", passageReps.length, steps);
  const sentenceColbert = await grid(sentenceReps, passageReps);
  const sentenceScores: CoverageResponse["sentence_scores"] = { dense: [], sparse: [], colbert: [] };
  const summarySentences: CoverageResponse["summary_sentences"] = [];
  for (const [i, span] of plan.sentences.entries()) {
    const s = sentenceReps[i]!;
    const row = passageReps.map((p, j) => combineScores(withColbert(s, p, sentenceColbert[i]![j]!), weights));
    sentenceScores.dense.push(row.map((x) => round7(x.dense)));
    sentenceScores.sparse.push(row.map((x) => round7(x.sparse)));
    sentenceScores.colbert.push(row.map((x) => round7(x.colbert)));
    const best = argmax(row.map((x) => x.hybrid));
    summarySentences.push({ ...span, best_passage: best, scores: modeScores(row[best]!) });
    onProgress?.("score", passageReps.length + i + 1, steps);
    await yieldToEventLoop(signal);
  }
  const whole = rep(body.document);
  const wholeScores = await similarityScores(engine, whole, summary, weights);
  onProgress?.("score", steps, steps);
  const t2 = performance.now();

  return {
    model: modelInfo(engine, choice),
    chunk_tokens: plan.chunk,
    overlap_tokens: plan.overlap,
    max_length: plan.maxLength,
    weights: normaliseWeights(weights),
    passages: plan.passages.map((p, index) => ({ index, ...p, scores: passageScores[index]! })),
    summary_sentences: summarySentences,
    sentence_scores: sentenceScores,
    document: {
      whole: { scores: wholeScores, tokens: whole.tokens.length, truncated: whole.truncated },
      mean_of_passages: { dense: meanDense(passageReps, summary) },
      best_passage: argmax(passageScores.map((s) => s.hybrid)),
    },
    timing_ms: { total: round3(t2 - t0), encode: round3(t1 - t0), score: round3(t2 - t1) },
  };
}

/** JSON by default; with `Accept: application/x-ndjson`, progress lines then the same result (see progress-stream). */
export const coverageRoute = (route: ApiRoutePath) =>
  textRoute(route, {
    schema: CoverageRequestSchema,
    limits: requestLimits,
    check: (body, limits) => checkTextFields({ document: body.document, summary: body.summary }, limits),
    answer: async ({ req, body, limits, engine, choice, maxLength, encode }) => {
      const plan = await planCoverage(engine, body, maxLength, limits);
      if (wantsNdjson(req)) {
        return ndjsonResponse(req, (onProgress, signal) =>
          coverage(engine, choice, plan, { onProgress, signal, encode }),
        );
      }
      return Response.json(await coverage(engine, choice, plan, { signal: req.signal, encode }));
    },
  });
