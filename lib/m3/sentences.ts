/** Sentence boundaries in Chinese and English text, and the sentences between them (UTF-16 offsets). */

/** A range of a text: `text.slice(start, end)`. */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * Chinese 。！？；… end a sentence wherever they stand; English . ! ? only before whitespace or the end (so 3.14 and
 * e-mail.com do not). Closing quotes and brackets after the mark stay with its sentence. A line ends before its newlines.
 */
const SENTENCE_END = /[。！？；…]+[”’」』）》"')\]]*|[.!?]+[”’"')\]]*(?=\s|$)|(?<![\r\n])(?=[\r\n])/gu;

/**
 * The offsets where a sentence ends, ascending, each strictly inside the text (0 and `text.length` are not listed).
 *
 * @example sentenceEnds("Hi. 好。Ok") // [3, 5]
 */
export function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (const m of text.matchAll(SENTENCE_END)) {
    const end = m.index + m[0].length;
    if (end > 0 && end < text.length && end !== ends.at(-1)) ends.push(end);
  }
  return ends;
}

/** The span without the whitespace at its ends; empty (start = end) when it is all whitespace. */
function trimmed(text: string, { start, end }: TextSpan): TextSpan {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return { start: s, end: e };
}

/** The text's sentences in order, each trimmed of surrounding whitespace; none for a text of only whitespace. */
export function splitSentences(text: string): TextSpan[] {
  const cuts = [0, ...sentenceEnds(text), text.length];
  const spans: TextSpan[] = [];
  for (let i = 1; i < cuts.length; i++) {
    const span = trimmed(text, { start: cuts[i - 1]!, end: cuts[i]! });
    if (span.end > span.start) spans.push(span);
  }
  return spans;
}
