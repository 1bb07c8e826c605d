import { beforeAll, describe, expect, it } from "vitest";
import { loadTokenizer, type TextTokenizer } from "@/lib/engine/tokenizer";
import { type Passage, splitPassages } from "@/lib/m3/passages";
import { sentenceEnds, splitSentences } from "@/lib/m3/sentences";

let tokenizer: TextTokenizer;
beforeAll(async () => {
  tokenizer = await loadTokenizer("models/bge-m3-tiny");
});

/** The document's pieces as the engine tokenizes it, without `<s>` and `</s>`. */
const pieces = (text: string) => tokenizer.encode(text, 1_000_000).tokens.slice(1, -1);

const passagesOf = (text: string, chunk: number, overlap: number) => splitPassages(text, pieces(text), chunk, overlap);

/** Token index where each passage starts and ends (exclusive), from its character range. */
function tokenRanges(text: string, passages: readonly Passage[]): { first: number; last: number }[] {
  const tokens = pieces(text);
  return passages.map((p) => {
    const inside = tokens.flatMap((t, i) => (t.start >= p.start && t.end <= p.end ? [i] : []));
    return { first: inside[0]!, last: inside.at(-1)! + 1 };
  });
}

function expectTiling(text: string, passages: readonly Passage[]): void {
  expect(passages[0]!.start).toBe(0);
  expect(passages.at(-1)!.end).toBe(text.length);
  for (const [i, p] of passages.entries()) {
    expect(p.end).toBeGreaterThan(p.start);
    if (i > 0)
      expect(p.start, `passage ${i} starts inside or right after the previous one`).toBeLessThanOrEqual(
        passages[i - 1]!.end,
      );
    if (i > 0) expect(p.start).toBeGreaterThan(passages[i - 1]!.start);
  }
}

const ENGLISH = Array.from(
  { length: 40 },
  (_, i) => `Sentence number ${i} talks about topic ${i % 7} in a few more words. `,
)
  .join("")
  .trimEnd();
const CHINESE = Array.from({ length: 40 }, (_, i) => `第${i}句话讲的是主题${i % 7}，还有一些别的内容。`).join("");

describe("sentenceEnds", () => {
  it("ends English sentences after . ! ? followed by a space, and not inside a number", () => {
    const text = "Pi is 3.14 here. Really! Is it? Yes";
    expect(sentenceEnds(text).map((e) => text.slice(0, e))).toEqual([
      "Pi is 3.14 here.",
      "Pi is 3.14 here. Really!",
      "Pi is 3.14 here. Really! Is it?",
    ]);
  });

  it("ends Chinese sentences after 。！？；… with no space needed, keeping closing quotes", () => {
    const text = "他说：“好。”然后走了！真的吗？是的；还有……最后";
    expect(sentenceEnds(text).map((e) => text.slice(0, e).at(-1))).toEqual(["”", "！", "？", "；", "…"]);
  });

  it("ends a line before its newline", () => {
    expect(sentenceEnds("title\nbody\r\nend")).toEqual([5, 10]);
  });
});

describe("splitSentences", () => {
  it("gives each sentence's offsets, trimmed of surrounding whitespace", () => {
    const text = "  First one. Second one!\n\n第三句。第四句  ";
    const spans = splitSentences(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(["First one.", "Second one!", "第三句。", "第四句"]);
  });

  it("gives no sentence for whitespace and the whole text when there is no boundary", () => {
    expect(splitSentences(" \n\t ")).toEqual([]);
    expect(splitSentences("no boundary at all")).toEqual([{ start: 0, end: 18 }]);
  });
});

describe("splitPassages", () => {
  it("tiles an English document: every character is in a passage, in order", () => {
    const passages = passagesOf(ENGLISH, 64, 16);
    expect(passages.length).toBeGreaterThan(3);
    expectTiling(ENGLISH, passages);
  });

  it("keeps each passage within chunk_tokens and counts its document tokens", () => {
    for (const text of [ENGLISH, CHINESE]) {
      const passages = passagesOf(text, 64, 16);
      const ranges = tokenRanges(text, passages);
      for (const [i, p] of passages.entries()) {
        expect(p.tokens).toBeLessThanOrEqual(64);
        expect(p.tokens).toBe(ranges[i]!.last - ranges[i]!.first);
      }
    }
  });

  it("overlaps consecutive passages by overlap_tokens, give or take a sentence", () => {
    for (const text of [ENGLISH, CHINESE]) {
      const ranges = tokenRanges(text, passagesOf(text, 128, 32));
      expect(ranges.length).toBeGreaterThan(3);
      for (let i = 1; i < ranges.length; i++) {
        const shared = ranges[i - 1]!.last - ranges[i]!.first;
        expect(shared).toBeGreaterThanOrEqual(32 / 2);
        expect(shared).toBeLessThanOrEqual(32 * 1.5);
      }
    }
  });

  it("cuts on sentence boundaries where one is near (English and Chinese)", () => {
    for (const [text, end] of [
      [ENGLISH, /\.$/],
      [CHINESE, /。$/],
    ] as const) {
      const passages = passagesOf(text, 128, 32);
      for (const p of passages) expect(text.slice(p.start, p.end)).toMatch(end);
      const ends = new Set(sentenceEnds(text));
      for (const p of passages.slice(1)) expect(ends.has(p.start)).toBe(true);
    }
  });

  it("abuts passages exactly with overlap 0", () => {
    const passages = passagesOf(CHINESE, 50, 0);
    expectTiling(CHINESE, passages);
    for (let i = 1; i < passages.length; i++) expect(passages[i]!.start).toBe(passages[i - 1]!.end);
    expect(passages.reduce((s, p) => s + p.tokens, 0)).toBe(pieces(CHINESE).length);
  });

  it("gives one passage, the whole text, when it is shorter than one chunk", () => {
    const text = "  A short text. 短文本。 ";
    expect(passagesOf(text, 512, 128)).toEqual([{ start: 0, end: text.length, tokens: pieces(text).length }]);
  });

  it("gives no passage without tokens, and whitespace its one passage", () => {
    expect(splitPassages("", [], 512, 128)).toEqual([]);
    expect(passagesOf(" \n ", 512, 128)).toEqual([{ start: 0, end: 3, tokens: pieces(" \n ").length }]);
  });

  it("cuts one giant sentence without punctuation at token boundaries, chunk_tokens each", () => {
    const text = Array.from({ length: 300 }, (_, i) => `word${i % 10}`).join(" ");
    const passages = passagesOf(text, 40, 10);
    expectTiling(text, passages);
    const ranges = tokenRanges(text, passages);
    for (const [i, r] of ranges.slice(0, -1).entries()) {
      expect(r.last - r.first).toBe(40);
      expect(r.last - ranges[i + 1]!.first).toBe(10);
    }
  });

  it("never cuts inside a surrogate pair or an emoji sequence, even between tokens", () => {
    const text = "😀👍🏽👩‍💻🇨🇳".repeat(60);
    // One token per UTF-16 code unit: every cut the tokens allow would split a character.
    const units = Array.from({ length: text.length }, (_, i) => ({ start: i, end: i + 1 }));
    const passages = splitPassages(text, units, 16, 4);
    expect(passages.length).toBeGreaterThan(2);
    expectTiling(text, passages);
    for (const p of passages) expect(text.slice(p.start, p.end)).toMatch(/^(?:😀|👍🏽|👩‍💻|🇨🇳)+$/u);
  });

  it("refuses overlap that is not less than the chunk", () => {
    expect(() => passagesOf(ENGLISH, 16, 16)).toThrow(RangeError);
  });
});
