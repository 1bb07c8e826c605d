/** graphemeStartTest: the same answer as segmenting the whole text, asking Intl.Segmenter only near unusual text. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { graphemeStartTest } from "@/lib/m3/graphemes";

/** Every offset that starts a cluster, the text's end included, from segmenting all of it. */
function segmentedStarts(text: string): boolean[] {
  const starts = new Array<boolean>(text.length + 1).fill(false);
  for (const { index } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text))
    starts[index] = true;
  starts[text.length] = true;
  return starts;
}

const TRICKY = [
  "Plain ASCII, then CRLF:\r\nnext line.",
  "Café ñandú, e\u0301 (combining acute), x\u0308\u0301.",
  "中文，句子。「引号」！全角ＡＢＣ",
  "😀👍🏽👩‍💻🇨🇳🇫🇷1️⃣#️⃣ ©️ ®",
  "한국어 \u1100\u1161\u11a8 hangul jamo",
  "हिन्दी क्षत्रिय ‍ zwj\u200d, soft\u00adhyphen, \u0e01\u0e33 thai",
  "a\u3099 \u302a tone, ｶﾞ halfwidth, \u2028 separator, tab\there",
].join(" ");

afterEach(() => vi.restoreAllMocks());

describe("graphemeStartTest", () => {
  it("agrees with segmenting the whole text at every offset", () => {
    const isStart = graphemeStartTest(TRICKY);
    const expected = segmentedStarts(TRICKY);
    expect(expected.filter((s) => !s).length).toBeGreaterThan(20);
    expect(Array.from({ length: TRICKY.length + 1 }, (_, k) => isStart(k))).toEqual(expected);
  });

  it("answers plain English and Chinese without creating a segmenter", () => {
    const created = vi.spyOn(Intl, "Segmenter");
    const text = "Section 1 is on track. 第1段说明了项目的进展，预算低于计划。Café crème.".repeat(20);
    const isStart = graphemeStartTest(text);
    for (let k = 0; k <= text.length; k++) expect(isStart(k)).toBe(true);
    expect(created).not.toHaveBeenCalled();
  });

  it("counts the text's start and end, and nothing beyond it", () => {
    const isStart = graphemeStartTest("ab");
    expect([isStart(-1), isStart(0), isStart(2), isStart(3)]).toEqual([false, true, true, false]);
  });
});
