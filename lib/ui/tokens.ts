/** Token helpers for display: readable labels, and a text cut into token spans by UTF-16 offsets. */
import type { Token } from "@/lib/m3/types";

/** SentencePiece's word-start marker. */
const WORD_START = "\u2581";
/** The label of a token that is only a word start. */
export const SPACE_LABEL = "␣";

/**
 * A token as people read it: the ▁ word marker dropped ("▁What" → "What"). A bare ▁ (or the empty string the
 * API's decoded lexical tokens give for it) is shown as "␣".
 */
export function tokenLabel(text: string): string {
  if (text === WORD_START || text === "") return SPACE_LABEL;
  const label = text.startsWith(WORD_START) ? text.slice(1) : text;
  return label;
}

/** True for tokens without characters in the text (`<s>`, `</s>`), whose offsets are 0/0. */
export function hasNoText(t: Token): boolean {
  return !(t.end > t.start);
}

/**
 * How many leading tokens a side of the MaxSim matrix skips: ColBERT drops `<s>`, so rows map to
 * tokens[1..]. Computed from the lengths, so a response that kept `<s>` would still line up.
 */
export function matrixOffset(tokenCount: number, matrixSide: number): number {
  return Math.max(0, tokenCount - matrixSide);
}

export interface TextSegment {
  text: string;
  /** UTF-16 offset of the segment in the text (unique per segment, so it doubles as a React key). */
  start: number;
  /**
   * Indices of the tokens that cover exactly this segment (empty for characters no token covers). Usually one;
   * more when the tokenizer gives two tokens the same span, e.g. a bare "▁" and the character after it.
   */
  tokens: number[];
}

/** The token a click on a segment selects: the last one that is more than a bare "▁". */
export function primaryToken(s: TextSegment, tokens: readonly Token[]): number | null {
  for (let k = s.tokens.length - 1; k >= 0; k--) if (tokens[s.tokens[k]!]?.text !== WORD_START) return s.tokens[k]!;
  return s.tokens.at(-1) ?? null;
}

/**
 * Cuts `text` into segments: one per distinct token span, plus the gaps between them. Tokens are taken in
 * offset order; tokens with the same span share a segment; a token that partly overlaps an earlier span, or
 * falls outside the text, is skipped.
 */
export function segmentText(text: string, tokens: readonly Token[]): TextSegment[] {
  const order = tokens
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => !hasNoText(t) && t.start >= 0 && t.end <= text.length)
    .sort((x, y) => x.t.start - y.t.start || x.i - y.i);
  const out: TextSegment[] = [];
  let pos = 0;
  for (const { t, i } of order) {
    const last = out.at(-1);
    if (last && last.tokens.length > 0 && last.start === t.start && last.start + last.text.length === t.end) {
      last.tokens.push(i);
      continue;
    }
    if (t.start < pos) continue;
    if (t.start > pos) out.push({ text: text.slice(pos, t.start), start: pos, tokens: [] });
    out.push({ text: text.slice(t.start, t.end), start: t.start, tokens: [i] });
    pos = t.end;
  }
  if (pos < text.length) out.push({ text: text.slice(pos), start: pos, tokens: [] });
  return out;
}

/** A segment as the token view draws it: the token a click selects (null for a gap) and its alternating tint. */
export interface ShownSegment extends TextSegment {
  token: number | null;
  tint: 0 | 1;
}

/** Consecutive segments drawn (and re-rendered) together. */
export interface TokenRun {
  /** The first segment's UTF-16 offset, a stable key. */
  start: number;
  segments: ShownSegment[];
}

export interface TokenRuns {
  runs: TokenRun[];
  /** The run that holds each token, by token index. */
  runOf: Map<number, number>;
}

/**
 * `text` cut into segments (see `segmentText`), in runs of `size` segments: a long text becomes a few hundred
 * elements that each render alone, so a new selection re-renders the two runs it touches, not thousands of tokens.
 */
export function tokenRuns(text: string, tokens: readonly Token[], size: number): TokenRuns {
  const runs: TokenRun[] = [];
  const runOf = new Map<number, number>();
  let tint: 0 | 1 = 0;
  for (const s of segmentText(text, tokens)) {
    const token = primaryToken(s, tokens);
    if (token !== null) tint = tint ? 0 : 1;
    let run = runs.at(-1);
    if (!run || run.segments.length >= size) {
      run = { start: s.start, segments: [] };
      runs.push(run);
    }
    run.segments.push({ ...s, token, tint });
    for (const i of s.tokens) runOf.set(i, runs.length - 1);
  }
  return { runs, runOf };
}
