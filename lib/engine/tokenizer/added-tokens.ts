/** Added tokens (`<s>`, `<mask>` …): found in the original text before normalisation, as Rust's AddedVocabulary does. */

export interface AddedToken {
  id: number;
  content: string;
  lstrip: boolean;
  rstrip: boolean;
}

/** A span of the original text: an added token (`token` set) or plain text for the model. */
export interface Span {
  start: number;
  end: number;
  token: AddedToken | null;
}

/** Added tokens by their first UTF-16 unit, longest first (so the first that matches is the longest). */
export type AddedTokenIndex = Map<number, AddedToken[]>;

/** Rust's `char::is_whitespace` (Unicode White_Space), which the added tokens' lstrip/rstrip consume. */
const WHITESPACE = /[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

export function indexAddedTokens(added: readonly AddedToken[]): AddedTokenIndex {
  const index: AddedTokenIndex = new Map();
  for (const t of [...added].sort((a, b) => b.content.length - a.content.length)) {
    const key = t.content.charCodeAt(0);
    index.set(key, [...(index.get(key) ?? []), t]);
  }
  return index;
}

/** Splits on added tokens: leftmost-longest matches, widened by lstrip/rstrip over whitespace. */
export function splitOnAddedTokens(text: string, byFirstUnit: AddedTokenIndex): Span[] {
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
