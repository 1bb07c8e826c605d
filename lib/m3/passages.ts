/**
 * A long text cut into overlapping passages of its tokens, on sentence boundaries where one is near, so each passage
 * can be encoded on its own and keeps its place in the text. Passages meet or overlap, so together they hold every
 * character; a passage is cut only between tokens that share no character and between grapheme clusters.
 */
import { graphemeStartTest } from "./graphemes";
import { sentenceEnds, type TextSpan } from "./sentences";

/** `text.slice(start, end)`, which holds `tokens` of the text's tokens. */
export interface Passage extends TextSpan {
  tokens: number;
}

/** Where the text may be cut: before token k, for k from 0 to n (0 and n always), and which cuts end a sentence. */
interface Cuts {
  n: number;
  /** Largest allowed cut ≤ k. */
  lastValid: Int32Array;
  /** Smallest allowed cut ≥ k. */
  nextValid: Int32Array;
  /** Largest cut ≤ k at a sentence end, or −1. */
  lastSentence: Int32Array;
  /** Smallest cut ≥ k at a sentence end, or n + 1. */
  nextSentence: Int32Array;
}

function findCuts(text: string, tokens: readonly TextSpan[]): Cuts {
  const n = tokens.length;
  const isGraphemeStart = graphemeStartTest(text);
  const ends = sentenceEnds(text);
  const valid = new Uint8Array(n + 1);
  const sentence = new Uint8Array(n + 1);
  valid[0] = 1;
  valid[n] = 1;
  let e = 0;
  for (let k = 1; k < n; k++) {
    const { start } = tokens[k]!;
    const prevEnd = tokens[k - 1]!.end;
    if (start < prevEnd || start === 0 || !isGraphemeStart(start)) continue;
    valid[k] = 1;
    while (e < ends.length && ends[e]! < prevEnd) e++;
    if (e < ends.length && ends[e]! <= start) sentence[k] = 1;
  }
  const cuts: Cuts = {
    n,
    lastValid: new Int32Array(n + 1),
    nextValid: new Int32Array(n + 1),
    lastSentence: new Int32Array(n + 1),
    nextSentence: new Int32Array(n + 1),
  };
  for (let k = 0, v = 0, s = -1; k <= n; k++) {
    if (valid[k]) v = k;
    if (sentence[k]) s = k;
    cuts.lastValid[k] = v;
    cuts.lastSentence[k] = s;
  }
  for (let k = n, v = n, s = n + 1; k >= 0; k--) {
    if (valid[k]) v = k;
    if (sentence[k]) s = k;
    cuts.nextValid[k] = v;
    cuts.nextSentence[k] = s;
  }
  return cuts;
}

/** Where the passage from token `a` ends: a sentence end in its second half, else its last token, past `after`. */
function passageEnd(c: Cuts, a: number, after: number, chunk: number): number {
  const limit = a + chunk;
  if (limit >= c.n) return c.n;
  const sentence = c.lastSentence[limit]!;
  if (sentence > Math.max(after, a + Math.floor(chunk / 2))) return sentence;
  const cut = c.lastValid[limit]!;
  return cut > after ? cut : c.nextValid[after + 1]!;
}

/** The allowed cut in [lo, hi] nearest `target` from `last`/`next` (the earlier on a tie), or −1. */
function nearest(last: Int32Array, next: Int32Array, target: number, lo: number, hi: number): number {
  const below = last[target]!;
  const above = next[target]!;
  const okBelow = below >= lo;
  const okAbove = above <= hi;
  if (okBelow && okAbove) return target - below <= above - target ? below : above;
  return okBelow ? below : okAbove ? above : -1;
}

/**
 * Where the passage after [a, b) starts: `overlap` tokens before b, moved to the nearest sentence end within half the
 * overlap, else the nearest allowed cut; always after a, and close enough to b that the next passage reaches past it.
 */
function nextStart(c: Cuts, a: number, b: number, chunk: number, overlap: number): number {
  if (overlap === 0) return b;
  const slack = Math.floor(overlap / 2);
  const lo = Math.max(a + 1, b - chunk + 1, b - overlap - slack);
  const hi = Math.min(b - 1, b - overlap + slack);
  if (lo > hi) return b;
  const target = Math.min(hi, Math.max(lo, b - overlap));
  const sentence = nearest(c.lastSentence, c.nextSentence, target, lo, hi);
  if (sentence >= 0) return sentence;
  const cut = nearest(c.lastValid, c.nextValid, target, lo, hi);
  return cut >= 0 ? cut : b;
}

/**
 * Splits `text`, tokenized as `tokens` (its pieces in order with UTF-16 offsets, `<s>` and `</s>` left out), into
 * passages of at most `chunkTokens` tokens, consecutive ones sharing about `overlapTokens`: a passage ends at a sentence
 * end in its second half when there is one, and the next starts at the sentence end nearest `overlapTokens` before
 * that, within half the overlap. A passage starts where its first token starts (0 for the first) and ends where the
 * next token starts (the text's end for the last), so with overlap 0 the passages abut. Only when no allowed cut lies
 * within a chunk (one character of more than `chunkTokens` tokens) is a passage longer. No tokens, no passages.
 *
 * @example splitPassages(report, tokenizer.encode(report, 1e6).tokens.slice(1, -1), 512, 128)
 */
export function splitPassages(
  text: string,
  tokens: readonly TextSpan[],
  chunkTokens: number,
  overlapTokens: number,
): Passage[] {
  if (!Number.isInteger(chunkTokens) || chunkTokens < 1) throw new RangeError(`chunk of ${chunkTokens} tokens`);
  if (!Number.isInteger(overlapTokens) || overlapTokens < 0 || overlapTokens >= chunkTokens) {
    throw new RangeError(`overlap of ${overlapTokens} tokens must be from 0 to less than the chunk (${chunkTokens})`);
  }
  const n = tokens.length;
  if (n === 0) return [];
  const cuts = findCuts(text, tokens);
  const offset = (k: number) => (k === 0 ? 0 : k === n ? text.length : tokens[k]!.start);
  const passages: Passage[] = [];
  for (let a = 0, after = 0; ; ) {
    const b = passageEnd(cuts, a, after, chunkTokens);
    passages.push({ start: offset(a), end: offset(b), tokens: b - a });
    if (b === n) return passages;
    a = nextStart(cuts, a, b, chunkTokens, overlapTokens);
    after = b;
  }
}
