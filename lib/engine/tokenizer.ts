/**
 * bge-m3's tokenizer for the engine (server only): the XLM-R SentencePiece Unigram tokenizer, loaded from the model
 * directory's onnx/tokenizer.json with @huggingface/transformers (local files only, never the network).
 * Ids, token strings and offsets equal HF's Rust tokenizer (`tokenizers`); offsets are UTF-16 indices into the
 * original text, which neither JS library provides, so the pipeline is re-traced here with alignments:
 * added tokens → Precompiled charsmap + Replace → Metaspace → Unigram (Viterbi as Rust's encode_optimized).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { env, XLMRobertaTokenizer } from "@huggingface/transformers";
import { yieldToEventLoop } from "@/lib/event-loop";
import type { Token } from "@/lib/m3/types";
import {
  type AlignedText,
  alignOriginal,
  Charsmap,
  drain,
  metaspaceWords,
  normalizePrecompiledSteps,
  PAUSE,
  type Pause,
  replaceMatches,
} from "./aligned-normalizer";

env.allowRemoteModels = false;

/** One text after tokenization and truncation. */
export interface TokenizedText {
  /** `<s>` … `</s>`, after truncation. */
  ids: number[];
  /** Same length as `ids`; offsets are UTF-16 indices into the original text, 0/0 for `<s>` and `</s>`. */
  tokens: Token[];
  /** Token count including `<s>` and `</s>` before truncation. */
  countBefore: number;
  truncated: boolean;
}

/** The tokenizer the engine uses. */
export interface TextTokenizer {
  /**
   * Tokenizes `text` like HF's Rust tokenizer with `truncation=True, max_length=maxLength`: a longer text keeps
   * `<s>`, its first maxLength−2 pieces and `</s>`. Throws RangeError unless maxLength is an integer ≥ 3.
   */
  encode(text: string, maxLength: number): TokenizedText;
  /** The same result, computed in slices that give the event loop a turn at least every `sliceMs` (default 10). */
  encodeInSlices(text: string, maxLength: number, sliceMs?: number): Promise<TokenizedText>;
  /** FlagEmbedding's convert_id_to_token for one id: tokenizer.decode([id]) — "▁What" → "What". */
  decodeToken(id: number): string;
  /** Number of ids, added tokens included. */
  readonly vocabSize: number;
}

/** The parts of transformers' Unigram model used for the Viterbi search (checked at load time). */
interface UnigramTables {
  trie: { common_prefix_search(chars: string[], start: number): Iterable<string> };
  tokens_to_ids: Map<string, number>;
  scores: number[];
  unk_score: number;
}

interface AddedToken {
  id: number;
  content: string;
  lstrip: boolean;
  rstrip: boolean;
}

/** What tokenizer.json says about the pipeline, checked to be the XLM-R one this module reproduces. */
interface PipelineSpec {
  charsmap: Charsmap;
  collapse: { pattern: RegExp; content: number[] };
  metaspaceChar: number;
  bos: Token;
  eos: Token;
  added: AddedToken[];
  unkId: number;
  /** The vocab's own score for the unk piece (transformers overwrites it with the unk penalty). */
  unkPieceScore: number;
}

/** A Unigram piece of one word: code points [start, end) of the word. */
interface Piece {
  id: number;
  text: string;
  start: number;
  end: number;
}

type Json = Record<string, unknown>;

const MIN_MAX_LENGTH = 3;

function fail(file: string, what: string): never {
  throw new Error(`${file}: unsupported tokenizer pipeline (${what}); expected XLM-R's SentencePiece Unigram`);
}

const asObject = (v: unknown): Json => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

function parseNormalizer(file: string, normalizer: Json): Pick<PipelineSpec, "charsmap" | "collapse"> {
  const steps = Array.isArray(normalizer.normalizers) ? normalizer.normalizers.map(asObject) : [];
  const [precompiled, replace] = steps;
  if (normalizer.type !== "Sequence" || steps.length !== 2 || precompiled?.type !== "Precompiled")
    fail(file, "normalizer must be Sequence[Precompiled, Replace]");
  if (replace?.type !== "Replace" || typeof replace.content !== "string") fail(file, "second normalizer not Replace");
  const pattern = asObject(replace.pattern);
  const source =
    typeof pattern.Regex === "string"
      ? pattern.Regex
      : typeof pattern.String === "string"
        ? pattern.String.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
        : fail(file, "Replace pattern");
  const regex = new RegExp(source, "gu");
  if (regex.test("")) fail(file, "Replace pattern matches the empty string");
  regex.lastIndex = 0;
  if (typeof precompiled.precompiled_charsmap !== "string") fail(file, "Precompiled without a charsmap");
  return {
    charsmap: Charsmap.fromBase64(precompiled.precompiled_charsmap),
    collapse: { pattern: regex, content: [...replace.content].map((c) => c.codePointAt(0)!) },
  };
}

function parseMetaspace(file: string, pre: Json): number {
  const replacement = typeof pre.replacement === "string" ? [...pre.replacement] : [];
  if (pre.type !== "Metaspace" || replacement.length !== 1 || pre.split === false)
    fail(file, "pre_tokenizer must be a splitting Metaspace");
  if ((pre.prepend_scheme ?? (pre.add_prefix_space === false ? "never" : "always")) !== "always")
    fail(file, "Metaspace prepend_scheme must be always");
  return replacement[0]!.codePointAt(0)!;
}

function parseTemplate(file: string, post: Json): Pick<PipelineSpec, "bos" | "eos"> {
  const single = Array.isArray(post.single) ? post.single.map(asObject) : [];
  const specials = asObject(post.special_tokens);
  const special = (item: Json | undefined): Token => {
    const name = asObject(item?.SpecialToken).id;
    const ids = asObject(specials[String(name)]).ids;
    if (typeof name !== "string" || !Array.isArray(ids) || ids.length !== 1 || typeof ids[0] !== "number")
      fail(file, "post_processor special token");
    return { id: ids[0], text: name, start: 0, end: 0 };
  };
  if (post.type !== "TemplateProcessing" || single.length !== 3 || asObject(single[1]?.Sequence).id !== "A")
    fail(file, "post_processor must be TemplateProcessing `<s> $A </s>`");
  return { bos: special(single[0]), eos: special(single[2]) };
}

function parseAddedTokens(file: string, list: unknown): AddedToken[] {
  return (Array.isArray(list) ? list : []).map(asObject).map((t) => {
    if (typeof t.id !== "number" || typeof t.content !== "string" || t.content === "") fail(file, "added token");
    if (t.single_word === true || t.normalized === true)
      fail(file, `added token ${t.content} (single_word/normalized)`);
    return { id: t.id, content: t.content, lstrip: t.lstrip === true, rstrip: t.rstrip === true };
  });
}

function parsePipeline(file: string, json: Json): PipelineSpec {
  const model = asObject(json.model);
  const vocab = Array.isArray(model.vocab) ? (model.vocab as unknown[]) : [];
  const unkId = model.unk_id;
  if (model.type !== "Unigram" || typeof unkId !== "number" || model.byte_fallback === true)
    fail(file, "model must be Unigram with an unk_id and no byte fallback");
  const unkEntry = vocab[unkId];
  if (!Array.isArray(unkEntry) || typeof unkEntry[1] !== "number") fail(file, "unk_id outside the vocab");
  return {
    ...parseNormalizer(file, asObject(json.normalizer)),
    metaspaceChar: parseMetaspace(file, asObject(json.pre_tokenizer)),
    ...parseTemplate(file, asObject(json.post_processor)),
    added: parseAddedTokens(file, json.added_tokens),
    unkId,
    unkPieceScore: unkEntry[1],
  };
}

/** A property of an object or of a callable object (transformers' tokenizers and models are functions). */
function fieldOf(owner: unknown, key: string): unknown {
  return (typeof owner === "object" || typeof owner === "function") && owner !== null
    ? (owner as Record<string, unknown>)[key]
    : undefined;
}

/** transformers' internal Unigram model (pinned version); its trie and scores drive the Viterbi search. */
function unigramTablesOf(file: string, tokenizer: XLMRobertaTokenizer): UnigramTables {
  const model = fieldOf(fieldOf(tokenizer, "_tokenizer"), "model");
  if (
    typeof fieldOf(fieldOf(model, "trie"), "common_prefix_search") !== "function" ||
    !(fieldOf(model, "tokens_to_ids") instanceof Map) ||
    !Array.isArray(fieldOf(model, "scores")) ||
    typeof fieldOf(model, "unk_score") !== "number"
  )
    throw new Error(`${file}: @huggingface/transformers no longer exposes its Unigram model as this module expects`);
  return model as UnigramTables;
}

/** Rust's `char::is_whitespace` (Unicode White_Space), which the added tokens' lstrip/rstrip consume. */
const WHITESPACE = /[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** A span of the original text: an added token (`token` set) or plain text for the model. */
interface Span {
  start: number;
  end: number;
  token: AddedToken | null;
}

/** Added tokens by their first UTF-16 unit, longest first (so the first that matches is the longest). */
type AddedTokenIndex = Map<number, AddedToken[]>;

function indexAddedTokens(added: readonly AddedToken[]): AddedTokenIndex {
  const index: AddedTokenIndex = new Map();
  for (const t of [...added].sort((a, b) => b.content.length - a.content.length)) {
    const key = t.content.charCodeAt(0);
    index.set(key, [...(index.get(key) ?? []), t]);
  }
  return index;
}

/** Splits on added tokens as Rust's AddedVocabulary does: leftmost-longest matches, lstrip/rstrip widen them. */
function splitOnAddedTokens(text: string, byFirstUnit: AddedTokenIndex): Span[] {
  const spans: Span[] = [];
  let done = 0;
  for (let i = 0; i < text.length; ) {
    const token = byFirstUnit.get(text.charCodeAt(i))?.find((t) => text.startsWith(t.content, i));
    if (!token) {
      i++;
      continue;
    }
    let start = i;
    let end = i + token.content.length;
    if (token.lstrip) while (start > done && WHITESPACE.test(text[start - 1]!)) start--;
    if (token.rstrip) while (end < text.length && WHITESPACE.test(text[end]!)) end++;
    if (done < start) spans.push({ start: done, end: start, token: null });
    spans.push({ start, end, token });
    done = end;
    i = end;
  }
  if (done < text.length) spans.push({ start: done, end: text.length, token: null });
  return spans;
}

/** Viterbi positions and words between pause points: a few milliseconds of work. */
const POSITIONS_PER_PAUSE = 2048;
const WORDS_PER_PAUSE = 64;

/**
 * Rust's Unigram `encode_optimized` on one word: best-scoring path, first candidate wins ties, unknowns fused.
 * Pauses every POSITIONS_PER_PAUSE positions (a run of Chinese text is one word of any length) and returns the pieces.
 */
function* segmentWord(model: UnigramTables, spec: PipelineSpec, chars: string[]): Generator<Pause, Piece[]> {
  const n = chars.length;
  const best = new Float64Array(n + 1);
  const from = new Int32Array(n + 1).fill(-1);
  const ids = new Int32Array(n + 1);
  const relax = (start: number, end: number, id: number, score: number) => {
    if (from[end]! < 0 || score > best[end]!) {
      best[end] = score;
      from[end] = start;
      ids[end] = id;
    }
  };
  for (let start = 0; start < n; start++) {
    if (start > 0 && start % POSITIONS_PER_PAUSE === 0) yield PAUSE;
    const base = best[start]!;
    let end = start;
    let units = 0;
    let hasSingleChar = false;
    for (const piece of model.trie.common_prefix_search(chars, start)) {
      while (units < piece.length) units += chars[end++]!.length;
      const id = model.tokens_to_ids.get(piece)!;
      relax(start, end, id, base + (id === spec.unkId ? spec.unkPieceScore : model.scores[id]!));
      if (end - start === 1) hasSingleChar = true;
    }
    if (!hasSingleChar) relax(start, start + 1, spec.unkId, base + model.unk_score);
  }
  return backtrack(model, spec, chars, from, ids);
}

/** Walks the best path back from the word's end; runs of unknown pieces become one token, as with fuse_unk. */
function backtrack(
  model: UnigramTables,
  spec: PipelineSpec,
  chars: string[],
  from: Int32Array,
  ids: Int32Array,
): Piece[] {
  const pieces: Piece[] = [];
  const emit = (start: number, end: number) => {
    const text = chars.slice(start, end).join("");
    pieces.push({ id: model.tokens_to_ids.get(text) ?? spec.unkId, text, start, end });
  };
  let unknownEnd = -1;
  let end = chars.length;
  while (end > 0) {
    const start = from[end]!;
    if (ids[end] === spec.unkId) {
      if (unknownEnd < 0) unknownEnd = end;
    } else {
      if (unknownEnd >= 0) emit(end, unknownEnd);
      unknownEnd = -1;
      emit(start, end);
    }
    end = start;
  }
  if (unknownEnd >= 0) emit(0, unknownEnd);
  return pieces.reverse();
}

/** Normalises one plain span and cuts it into Unigram tokens with original offsets, pausing between slices of work. */
function* tokenizeSpan(model: UnigramTables, spec: PipelineSpec, text: string, span: Span): Generator<Pause, Token[]> {
  let aligned: AlignedText = alignOriginal(text.slice(span.start, span.end), span.start);
  aligned = yield* normalizePrecompiledSteps(aligned, spec.charsmap);
  yield PAUSE;
  aligned = replaceMatches(aligned, spec.collapse.pattern, spec.collapse.content);
  const { text: words, words: ranges } = metaspaceWords(aligned, spec.metaspaceChar, true);
  const tokens: Token[] = [];
  for (const [w, range] of ranges.entries()) {
    if (w > 0 && w % WORDS_PER_PAUSE === 0) yield PAUSE;
    const chars: string[] = [];
    for (let i = range.start; i < range.end; i++) chars.push(String.fromCodePoint(words.cps[i]!));
    for (const piece of yield* segmentWord(model, spec, chars)) {
      const first = range.start + piece.start;
      const last = range.start + piece.end - 1;
      tokens.push({ id: piece.id, text: piece.text, start: words.starts[first]!, end: words.ends[last]! });
    }
  }
  return tokens;
}

class XlmrTokenizer implements TextTokenizer {
  readonly vocabSize: number;
  private readonly addedIndex: AddedTokenIndex;

  constructor(
    private readonly hf: XLMRobertaTokenizer,
    private readonly model: UnigramTables,
    private readonly spec: PipelineSpec,
  ) {
    const maxAddedId = Math.max(-1, ...spec.added.map((t) => t.id));
    this.vocabSize = Math.max(model.scores.length, maxAddedId + 1);
    this.addedIndex = indexAddedTokens(spec.added);
  }

  encode(text: string, maxLength: number): TokenizedText {
    return drain(this.steps(text, maxLength));
  }

  async encodeInSlices(text: string, maxLength: number, sliceMs = 10): Promise<TokenizedText> {
    const steps = this.steps(text, maxLength);
    let slice = performance.now();
    let step = steps.next();
    while (!step.done) {
      if (performance.now() - slice > sliceMs) {
        await yieldToEventLoop();
        slice = performance.now();
      }
      step = steps.next();
    }
    return step.value;
  }

  private *steps(text: string, maxLength: number): Generator<Pause, TokenizedText> {
    if (!Number.isInteger(maxLength) || maxLength < MIN_MAX_LENGTH)
      throw new RangeError(`maxLength must be an integer ≥ ${MIN_MAX_LENGTH}, got ${maxLength}`);
    const content = yield* this.contentTokens(text);
    const countBefore = content.length + 2;
    const truncated = countBefore > maxLength;
    const kept = truncated ? content.slice(0, maxLength - 2) : content;
    const tokens = [{ ...this.spec.bos }, ...kept, { ...this.spec.eos }];
    return { ids: tokens.map((t) => t.id), tokens, countBefore, truncated };
  }

  decodeToken(id: number): string {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize)
      throw new RangeError(`token id ${id} is outside the vocabulary (0…${this.vocabSize - 1})`);
    return this.hf.decode([id]);
  }

  /** Every token between `<s>` and `</s>`, before truncation. */
  private *contentTokens(text: string): Generator<Pause, Token[]> {
    const tokens: Token[] = [];
    for (const span of splitOnAddedTokens(text, this.addedIndex)) {
      if (span.token) {
        const { id } = span.token;
        tokens.push({ id, text: text.slice(span.start, span.end), start: span.start, end: span.end });
      } else {
        for (const t of yield* tokenizeSpan(this.model, this.spec, text, span)) tokens.push(t);
      }
      yield PAUSE;
    }
    return tokens;
  }
}

async function readJson(file: string): Promise<Json> {
  try {
    return asObject(JSON.parse(await readFile(file, "utf8")));
  } catch (err) {
    throw new Error(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function createTokenizer(modelDir: string): Promise<TextTokenizer> {
  const jsonFile = path.join(modelDir, "onnx", "tokenizer.json");
  const tokenizerJson = await readJson(jsonFile);
  const tokenizerConfig = await readJson(path.join(modelDir, "onnx", "tokenizer_config.json"));
  const spec = parsePipeline(jsonFile, tokenizerJson);
  const hf = new XLMRobertaTokenizer(tokenizerJson, tokenizerConfig);
  return new XlmrTokenizer(hf, unigramTablesOf(jsonFile, hf), spec);
}

type TokenizerCache = Map<string, Promise<TextTokenizer>>;
// On globalThis so dev-mode module reloads keep the (seconds-long) load of the 250k-piece vocab.
const cacheHolder = globalThis as typeof globalThis & { __bgeM3Tokenizers?: TokenizerCache };
cacheHolder.__bgeM3Tokenizers ??= new Map();
const cache: TokenizerCache = cacheHolder.__bgeM3Tokenizers;

/**
 * The tokenizer of a model directory in the official bge-m3 layout (reads onnx/tokenizer.json and
 * onnx/tokenizer_config.json). Cached per directory; concurrent callers share one load, a failed load is retried.
 */
export function loadTokenizer(modelDir: string): Promise<TextTokenizer> {
  const key = path.resolve(modelDir);
  let loading = cache.get(key);
  if (!loading) {
    loading = createTokenizer(key).catch((err: unknown) => {
      cache.delete(key);
      throw err;
    });
    cache.set(key, loading);
  }
  return loading;
}
