/**
 * Normalisation and Metaspace pre-tokenisation that remember, for every normalised character, which span of the
 * original text it came from. This ports the alignment rules of HF tokenizers' `NormalizedString` (transform_range,
 * replace, prepend, split) and of its `Precompiled` normalizer (SentencePiece's nmt_nfkc charsmap, looked up per
 * grapheme), quirks included, so that token offsets equal the Rust tokenizer's. Spans are UTF-16 offsets.
 */

/** Normalised code points with the original UTF-16 span [start, end) each one aligns to. */
export interface AlignedText {
  cps: number[];
  starts: number[];
  ends: number[];
  /** Start of the original piece this text was cut from; Rust's alignment (0, 0) points here. */
  origin: number;
}

/** A rewrite of a whole text, per new character: `change` 0 replaces the next old one, >0 inserts, −n also drops n. */
interface Rewrite {
  cps: number[];
  changes: number[];
}

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
/** Code units segmented per call: V8's Intl.Segmenter gets quadratically slow on long strings. */
const GRAPHEME_WINDOW = 512;
const utf8 = new TextDecoder("utf-8");

/** The original text `source` (found at `origin`), each code point aligned to itself. */
export function alignOriginal(source: string, origin: number): AlignedText {
  const text = emptyAligned(origin);
  for (let i = 0; i < source.length; ) {
    const cp = source.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    text.cps.push(cp);
    text.starts.push(origin + i);
    text.ends.push(origin + i + width);
    i += width;
  }
  return text;
}

function emptyAligned(origin: number): AlignedText {
  return { cps: [], starts: [], ends: [], origin };
}

/** Appends `cp` aligned like `src`'s character at `index` (the origin before the first; clamped past the end). */
function pushAligned(out: AlignedText, cp: number, src: AlignedText, index: number): void {
  out.cps.push(cp);
  if (index < 0 || src.cps.length === 0) {
    out.starts.push(src.origin);
    out.ends.push(src.origin);
    return;
  }
  const i = Math.min(index, src.cps.length - 1);
  out.starts.push(src.starts[i]!);
  out.ends.push(src.ends[i]!);
}

/** Appends `src`'s characters [from, to) unchanged. */
function copyAligned(out: AlignedText, src: AlignedText, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    out.cps.push(src.cps[i]!);
    out.starts.push(src.starts[i]!);
    out.ends.push(src.ends[i]!);
  }
}

/** `NormalizedString::transform` (whole range, no initial removal): inserted chars copy the previous old char's span. */
function applyRewrite(src: AlignedText, rewrite: Rewrite): AlignedText {
  const out = emptyAligned(src.origin);
  const oldLength = src.cps.length;
  let offset = 0;
  for (let k = 0; k < rewrite.cps.length; k++) {
    const change = rewrite.changes[k]!;
    if (change > 0) {
      pushAligned(out, rewrite.cps[k]!, src, offset - 1);
      continue;
    }
    pushAligned(out, rewrite.cps[k]!, src, offset);
    offset = Math.min(oldLength, offset + 1 - change);
  }
  return out;
}

/** Code points of a JS string. */
function codePointsOf(s: string): number[] {
  const cps: number[] = [];
  for (const ch of s) cps.push(ch.codePointAt(0)!);
  return cps;
}

/** The string of `cps`, built in chunks so long texts don't overflow the argument list. */
export function textOf(cps: readonly number[], from = 0, to = cps.length): string {
  const CHUNK = 4096;
  let out = "";
  for (let i = from; i < to; i += CHUNK) out += String.fromCodePoint(...cps.slice(i, Math.min(to, i + CHUNK)));
  return out;
}

function utf8Length(cps: readonly number[], from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const cp = cps[i]!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Calls `visit` with each UTF-8 byte of `cp` until it returns false; returns false if stopped. */
function eachUtf8Byte(cp: number, visit: (byte: number) => boolean): boolean {
  if (cp < 0x80) return visit(cp);
  if (cp < 0x800) return visit(0xc0 | (cp >> 6)) && visit(0x80 | (cp & 0x3f));
  if (cp < 0x10000) return visit(0xe0 | (cp >> 12)) && visit(0x80 | ((cp >> 6) & 0x3f)) && visit(0x80 | (cp & 0x3f));
  return (
    visit(0xf0 | (cp >> 18)) &&
    visit(0x80 | ((cp >> 12) & 0x3f)) &&
    visit(0x80 | ((cp >> 6) & 0x3f)) &&
    visit(0x80 | (cp & 0x3f))
  );
}

/**
 * SentencePiece's precompiled charsmap: a darts-clone double-array trie over UTF-8 bytes whose values index
 * NUL-terminated replacement strings (the `spm_precompiled` crate's format).
 */
export class Charsmap {
  private readonly replacements = new Map<number, number[]>();

  private constructor(
    private readonly units: Uint32Array,
    private readonly pool: Uint8Array,
  ) {}

  /** Parses tokenizer.json's `precompiled_charsmap` (base64). */
  static fromBase64(base64: string): Charsmap {
    const blob = Buffer.from(base64, "base64");
    if (blob.length < 4) throw new Error("precompiled_charsmap is too short");
    const trieBytes = blob.readUInt32LE(0);
    if (trieBytes % 4 !== 0 || 4 + trieBytes > blob.length) throw new Error("precompiled_charsmap has a bad trie size");
    const units = new Uint32Array(trieBytes / 4);
    for (let i = 0; i < units.length; i++) units[i] = blob.readUInt32LE(4 + 4 * i);
    if (units.length === 0) throw new Error("precompiled_charsmap has an empty trie");
    return new Charsmap(units, new Uint8Array(blob.subarray(4 + trieBytes)));
  }

  /**
   * `Precompiled::transform`: the replacement of the *shortest* prefix of cps[from, to) that the trie knows, or
   * null. The caller replaces the whole chunk with it, as Rust does.
   */
  lookup(cps: readonly number[], from: number, to: number): number[] | null {
    const units = this.units;
    let pos = offsetOf(units[0]!);
    let found = -1;
    const step = (byte: number): boolean => {
      if (byte === 0) return false;
      pos ^= byte;
      const unit = units[pos];
      if (unit === undefined || (unit & 0x800000ff) !== byte) return false;
      pos ^= offsetOf(unit);
      if ((unit >>> 8) & 1) {
        found = units[pos]! & 0x7fffffff;
        return false;
      }
      return true;
    };
    for (let i = from; i < to && found < 0; i++) {
      if (!eachUtf8Byte(cps[i]!, step)) break;
    }
    return found < 0 ? null : this.replacementAt(found);
  }

  private replacementAt(index: number): number[] {
    let cached = this.replacements.get(index);
    if (cached === undefined) {
      let end = index;
      while (end < this.pool.length && this.pool[end] !== 0) end++;
      cached = codePointsOf(utf8.decode(this.pool.subarray(index, end)));
      this.replacements.set(index, cached);
    }
    return cached;
  }
}

/** darts-clone's unit offset: bits 10+ shifted left by 8 when bit 9 is set. */
function offsetOf(unit: number): number {
  return (unit >>> 10) * (unit & 0x200 ? 256 : 1);
}

/** Rust's Precompiled `replace`: new chars replace in place, extra ones are inserts, a shortfall drops old chars. */
function pushReplacement(rewrite: Rewrite, oldCount: number, replacement: readonly number[]): void {
  for (const cp of replacement) {
    rewrite.cps.push(cp);
    rewrite.changes.push(0);
  }
  const diff = replacement.length - oldCount;
  const last = rewrite.changes.length - 1;
  if (diff > 0) for (let k = 0; k < diff; k++) rewrite.changes[last - k] = 1;
  // A removal at the very start has no previous char to carry it (a Rust quirk kept on purpose).
  else if (diff < 0 && last >= 0) rewrite.changes[last]! += diff;
}

/** Marks a point where long work may pause for the event loop (the tokenizer's `encodeInSlices`). */
export const PAUSE = Symbol("pause");
export type Pause = typeof PAUSE;
/** Graphemes normalised between pause points: a few milliseconds of work. */
const GRAPHEMES_PER_PAUSE = 4096;

/** Runs stepwise work to its end without pausing. */
export function drain<T>(steps: Generator<Pause, T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * The `Precompiled` normalizer: each grapheme shorter than 6 UTF-8 bytes is looked up whole, otherwise (or when
 * unknown) each of its chars is.
 */
export function normalizePrecompiled(src: AlignedText, charsmap: Charsmap): AlignedText {
  return drain(normalizePrecompiledSteps(src, charsmap));
}

/** `normalizePrecompiled`, pausing every GRAPHEMES_PER_PAUSE graphemes. */
export function* normalizePrecompiledSteps(src: AlignedText, charsmap: Charsmap): Generator<Pause, AlignedText> {
  const rewrite: Rewrite = { cps: [], changes: [] };
  let modified = false;
  let i = 0;
  let graphemes = 0;
  for (const segment of graphemesOf(textOf(src.cps))) {
    if (++graphemes % GRAPHEMES_PER_PAUSE === 0) yield PAUSE;
    const end = i + codePointCount(segment);
    const whole = utf8Length(src.cps, i, end) < 6 ? charsmap.lookup(src.cps, i, end) : null;
    if (whole !== null) {
      pushReplacement(rewrite, end - i, whole);
      modified = true;
    } else {
      for (let j = i; j < end; j++) {
        const single = charsmap.lookup(src.cps, j, j + 1);
        if (single !== null) {
          pushReplacement(rewrite, 1, single);
          modified = true;
        } else {
          rewrite.cps.push(src.cps[j]!);
          rewrite.changes.push(0);
        }
      }
    }
    i = end;
  }
  return modified ? applyRewrite(src, rewrite) : src;
}

/**
 * The grapheme clusters (extended, as Rust's `graphemes(true)`) of `text`, segmented window by window. Each window
 * starts on a true boundary and its last cluster, which the window's end may have cut, is redone in the next one.
 */
function* graphemesOf(text: string): Generator<string> {
  let start = 0;
  let width = GRAPHEME_WINDOW;
  while (start < text.length) {
    const end = Math.min(text.length, start + width);
    const segments = [...graphemeSegmenter.segment(text.slice(start, end))];
    const complete = end === text.length ? segments.length : segments.length - 1;
    if (complete === 0) {
      width *= 2; // one cluster longer than the window
      continue;
    }
    for (let k = 0; k < complete; k++) yield segments[k]!.segment;
    start = end === text.length ? end : start + segments[complete]!.index;
    width = GRAPHEME_WINDOW;
  }
}

function codePointCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * `NormalizedString::replace`: every match of `pattern` (a global regex) becomes `content`, whose chars all take
 * the span of the match's last char.
 */
export function replaceMatches(src: AlignedText, pattern: RegExp, content: readonly number[]): AlignedText {
  const text = textOf(src.cps);
  const out = emptyAligned(src.origin);
  let copied = 0;
  let unit = 0;
  let cp = 0;
  const cpIndexAt = (target: number): number => {
    while (unit < target) {
      unit += src.cps[cp]! > 0xffff ? 2 : 1;
      cp++;
    }
    return cp;
  };
  for (const match of text.matchAll(pattern)) {
    const start = cpIndexAt(match.index);
    const end = cpIndexAt(match.index + match[0].length);
    copyAligned(out, src, copied, start);
    for (const c of content) pushAligned(out, c, src, end - 1);
    copied = end;
  }
  copyAligned(out, src, copied, src.cps.length);
  return out;
}

/** A word of the Metaspace pre-tokenizer: code points [start, end) of the text it was cut from. */
export interface WordRange {
  start: number;
  end: number;
}

/**
 * The `Metaspace` pre-tokenizer: spaces become `replacement`, one is prepended when the text does not start with
 * it (prepend_scheme "always"), then the text is split before every `replacement` (MergedWithNext).
 */
export function metaspaceWords(
  src: AlignedText,
  replacement: number,
  prepend: boolean,
): { text: AlignedText; words: WordRange[] } {
  const text = emptyAligned(src.origin);
  if (prepend && src.cps.length > 0 && src.cps[0] !== 0x20 && src.cps[0] !== replacement)
    pushAligned(text, replacement, src, 0);
  for (let i = 0; i < src.cps.length; i++) pushAligned(text, src.cps[i] === 0x20 ? replacement : src.cps[i]!, src, i);
  const words: WordRange[] = [];
  let start = 0;
  for (let i = 1; i <= text.cps.length; i++) {
    if (i === text.cps.length || text.cps[i] === replacement) {
      words.push({ start, end: i });
      start = i;
    }
  }
  return { text, words: text.cps.length === 0 ? [] : words };
}
