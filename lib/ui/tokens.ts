/** Token helpers for display: readable labels, and a text cut into token spans by UTF-16 offsets. */
import type { Token } from "@/lib/m3/types";

/** SentencePiece's word-start marker. */
const WORD_START = "\u2581";

/** A token as people read it: the ▁ word marker dropped ("▁What" → "What"), a bare ▁ shown as "␣". */
export function tokenLabel(text: string): string {
  if (text === WORD_START) return "␣";
  const label = text.startsWith(WORD_START) ? text.slice(1) : text;
  return label === "" ? "∅" : label;
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
  /** Index into the token list, or null for characters no token covers. */
  token: number | null;
}

/**
 * Cuts `text` into segments, one per token with characters plus the gaps between them. Tokens are taken in
 * offset order; a token that overlaps an earlier one or falls outside the text is skipped.
 */
export function segmentText(text: string, tokens: readonly Token[]): TextSegment[] {
  const order = tokens
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => !hasNoText(t) && t.start >= 0 && t.end <= text.length)
    .sort((x, y) => x.t.start - y.t.start || x.i - y.i);
  const out: TextSegment[] = [];
  let pos = 0;
  for (const { t, i } of order) {
    if (t.start < pos) continue;
    if (t.start > pos) out.push({ text: text.slice(pos, t.start), start: pos, token: null });
    out.push({ text: text.slice(t.start, t.end), start: t.start, token: i });
    pos = t.end;
  }
  if (pos < text.length) out.push({ text: text.slice(pos), start: pos, token: null });
  return out;
}
