/**
 * Deterministic bench texts of a wanted length in tokens (this model's tokenizer, `<s>` and `</s>` included).
 */
import type { TextTokenizer } from "../../lib/engine/tokenizer";
import { prng } from "../lib/load";

/** What the texts need from the engine: its tokenizer's token count and the pieces' character offsets. */
export interface Tokenizes {
  tokenize(
    text: string,
    maxLength?: number,
  ): { ids: number[]; tokens: { start: number; end: number }[]; countBefore: number };
}

const WORDS = (
  "the a of and to in is for on with as by retrieval dense sparse lexical vector token model query document " +
  "search rank hybrid weight embedding similarity multilingual passage answer question climate change global " +
  "challenge energy water city river mountain history science language translation computer network server " +
  "memory latency throughput benchmark batch length context window attention layer matrix product score " +
  "le la les des une est pour avec dans sur die der das und ist nicht mit el los las por para con " +
  "气候 变化 全球 挑战 检索 模型 语言 文本 向量 相似"
).split(" ");

/** `n` words drawn from a mixed (mostly English, some French, German, Spanish, Chinese) list. */
function words(rand: () => number, n: number): string[] {
  return Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]!);
}

/**
 * A text of about `target` tokens (specials included): the words up to and including the one that holds the
 * (target−2)-th piece, so the count is `target` or a piece or two more. Falls short only if `target` is huge.
 */
export function textOfTokens(tok: Tokenizes, target: number, seed: number): { text: string; tokens: number } {
  const rand = prng(seed);
  let list = words(rand, Math.max(8, Math.ceil(target / 2)));
  for (;;) {
    const text = list.join(" ");
    const enc = tok.tokenize(text);
    if (enc.countBefore >= target) {
      const cutPiece = enc.tokens[Math.max(1, target - 2)]!; // tokens[0] is <s>, so this is the (target−2)-th piece
      const space = text.indexOf(" ", cutPiece.end);
      const cut = space < 0 ? text : text.slice(0, space);
      return { text: cut, tokens: tok.tokenize(cut).countBefore };
    }
    list = list.concat(
      words(rand, Math.ceil(((target - enc.countBefore) / Math.max(1, enc.countBefore)) * list.length) + 8),
    );
  }
}

/**
 * `n` texts from `min` to `max` tokens, log-uniformly spaced, in a fixed shuffled order (as a user's list would
 * come, not sorted by length).
 */
export function mixedTexts(tok: Tokenizes, n: number, min: number, max: number): { texts: string[]; tokens: number[] } {
  const targets = Array.from({ length: n }, (_, i) => Math.round(min * (max / min) ** (n === 1 ? 0 : i / (n - 1))));
  const rand = prng(2024);
  for (let i = targets.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [targets[i], targets[j]] = [targets[j]!, targets[i]!];
  }
  const made = targets.map((t, i) => textOfTokens(tok, t, 1000 + i));
  return { texts: made.map((m) => m.text), tokens: made.map((m) => m.tokens) };
}

/** The engine's tokenizer without truncation, for making texts longer than max_length. */
export const untruncated = (t: TextTokenizer): Tokenizes => ({
  tokenize: (text) => t.encode(text, Number.MAX_SAFE_INTEGER),
});

/**
 * A text of at least `pieces` tokens before truncation (for the max_length case); `tok` must not truncate
 * (e.g. `untruncated`), since the cut point is found among the pieces. Other seeds give other texts.
 */
export function longText(tok: Tokenizes, pieces: number, seed = 8192): { text: string; tokens: number } {
  return textOfTokens(tok, pieces, seed);
}
