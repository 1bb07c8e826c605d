/**
 * bge-m3's tokenizer for the engine (server only): XLM-R's SentencePiece Unigram tokenizer, read from the model
 * directory's onnx/tokenizer.json. Ids, token strings and offsets equal Hugging Face's Rust tokenizer (`tokenizers`);
 * offsets are UTF-16 indices into the original text. The pipeline (pipeline-spec.ts) is traced with alignments:
 * added tokens → Precompiled charsmap + Replace → Metaspace → Unigram (unigram.ts). The pieces load from a binary
 * table beside tokenizer.json (vocab-table.ts), written at the first load.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { yieldToEventLoop } from "@/lib/event-loop";
import { MIN_MAX_LENGTH } from "@/lib/m3/max-length";
import type { Token } from "@/lib/m3/types";
import { sha256Of } from "@/lib/model/hash";
import { type AddedTokenIndex, indexAddedTokens, type Span, splitOnAddedTokens } from "./added-tokens";
import {
  type AlignedText,
  alignOriginal,
  drain,
  metaspaceWords,
  normalizePrecompiledSteps,
  PAUSE,
  type Pause,
  replaceMatches,
} from "./aligned-normalizer";
import { asObject, type Json, type PipelineSpec, parsePipeline, parseUnigram } from "./pipeline-spec";
import { UnigramModel } from "./unigram";
import { readVocabTable, type VocabTable, writeVocabTable } from "./vocab-table";

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

function checkMaxLength(maxLength: number): void {
  if (!Number.isInteger(maxLength) || maxLength < MIN_MAX_LENGTH)
    throw new RangeError(`maxLength must be an integer ≥ ${MIN_MAX_LENGTH}, got ${maxLength}`);
}

/**
 * A text's tokenization at `maxLength`, from its tokenization at one at least as long (the same text encoded again):
 * `<s>`, its first maxLength−2 pieces and `</s>`. Throws RangeError when `text` was cut shorter than that.
 */
export function truncatedTo(text: TokenizedText, maxLength: number): TokenizedText {
  checkMaxLength(maxLength);
  if (text.tokens.length <= maxLength) {
    if (text.truncated && text.tokens.length < maxLength)
      throw new RangeError(`the text was cut at ${text.tokens.length} tokens, shorter than ${maxLength}`);
    return text;
  }
  const tokens = [...text.tokens.slice(0, maxLength - 1), text.tokens.at(-1)!];
  return { ids: tokens.map((t) => t.id), tokens, countBefore: text.countBefore, truncated: true };
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

/** Words between pause points: a few milliseconds of work. */
const WORDS_PER_PAUSE = 64;

/** Normalises one plain span and cuts it into Unigram tokens with original offsets, pausing between slices of work. */
function* tokenizeSpan(model: UnigramModel, spec: PipelineSpec, text: string, span: Span): Generator<Pause, Token[]> {
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
    for (const piece of yield* model.segment(chars)) {
      const first = range.start + piece.start;
      const last = range.start + piece.end - 1;
      tokens.push({ id: piece.id, text: piece.text, start: words.starts[first]!, end: words.ends[last]! });
    }
  }
  return tokens;
}

/** transformers' `clean_up_tokenization`, which its decode applies when the tokenizer config asks for it. */
const cleanUpTokenization = (s: string) =>
  s
    .replaceAll(" .", ".")
    .replaceAll(" ?", "?")
    .replaceAll(" !", "!")
    .replaceAll(" ,", ",")
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");

class XlmrTokenizer implements TextTokenizer {
  readonly vocabSize: number;
  private readonly addedIndex: AddedTokenIndex;
  private readonly addedById: Map<number, string>;
  private readonly metaspace: string;

  constructor(
    private readonly model: UnigramModel,
    private readonly spec: PipelineSpec,
    private readonly cleanUp: boolean,
  ) {
    const maxAddedId = Math.max(-1, ...spec.added.map((t) => t.id));
    this.vocabSize = Math.max(model.size, maxAddedId + 1);
    this.addedIndex = indexAddedTokens(spec.added);
    this.addedById = new Map(spec.added.map((t) => [t.id, t.content]));
    this.metaspace = String.fromCodePoint(spec.metaspaceChar);
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
    checkMaxLength(maxLength);
    const content = yield* this.contentTokens(text);
    const tokens = [{ ...this.spec.bos }, ...content, { ...this.spec.eos }];
    return truncatedTo(
      { ids: tokens.map((t) => t.id), tokens, countBefore: tokens.length, truncated: false },
      maxLength,
    );
  }

  /** Metaspace decoding of one piece: the replacement character becomes a space, the first space is dropped. */
  decodeToken(id: number): string {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize)
      throw new RangeError(`token id ${id} is outside the vocabulary (0…${this.vocabSize - 1})`);
    const added = this.addedById.get(id);
    if (added !== undefined) return added;
    const spaced = this.model.piece(id).replaceAll(this.metaspace, " ");
    const text = spaced.startsWith(" ") ? spaced.slice(1) : spaced;
    return this.cleanUp ? cleanUpTokenization(text) : text;
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

const cannotRead = (file: string, err: unknown) =>
  new Error(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw cannotRead(file, err);
  }
}

function parseJson(file: string, bytes: Buffer): Json {
  try {
    return asObject(JSON.parse(bytes.toString("utf8")));
  } catch (err) {
    throw cannotRead(file, err);
  }
}

/** tokenizer.json's vocabulary: from its table when that matches, else parsed, then kept as a table for next time. */
async function readVocabulary(jsonFile: string): Promise<VocabTable> {
  const bytes = await readBytes(jsonFile);
  const source = sha256Of(bytes);
  const cached = readVocabTable(jsonFile, source);
  if (cached) return cached;
  const json = parseJson(jsonFile, bytes);
  const { vocab, ...model } = asObject(json.model);
  const { pieces, scores } = UnigramModel.splitVocab(jsonFile, Array.isArray(vocab) ? vocab : []);
  const table = { pieces, scores, rest: { ...json, model } };
  writeVocabTable(jsonFile, source, table);
  return table;
}

async function createTokenizer(modelDir: string): Promise<TextTokenizer> {
  const jsonFile = path.join(modelDir, "onnx", "tokenizer.json");
  const { pieces, scores, rest } = await readVocabulary(jsonFile);
  const spec = parsePipeline(jsonFile, rest);
  const unkId = parseUnigram(jsonFile, asObject(rest.model), pieces.length);
  const model = UnigramModel.fromPieces(pieces, scores, unkId);
  const configFile = path.join(modelDir, "onnx", "tokenizer_config.json");
  const config = parseJson(configFile, await readBytes(configFile));
  return new XlmrTokenizer(model, spec, config.clean_up_tokenization_spaces !== false);
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
