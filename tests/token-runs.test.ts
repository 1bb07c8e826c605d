import { describe, expect, it } from "vitest";
import type { Token } from "@/lib/m3/types";
import { segmentText, tokenRuns } from "@/lib/ui/tokens";

const tok = (id: number, text: string, start: number, end: number): Token => ({ id, text, start, end });

describe("a text's tokens in runs for the token view", () => {
  const text = "ab cd ef";
  // <s>, "ab", a bare word start sharing "c"'s span, "cd", "ef", </s>
  const tokens = [
    tok(0, "<s>", 0, 0),
    tok(1, "▁ab", 0, 2),
    tok(2, "▁", 3, 5),
    tok(3, "cd", 3, 5),
    tok(4, "▁ef", 6, 8),
    tok(5, "</s>", 0, 0),
  ];

  it("keeps every segment in order, in runs of at most the given size keyed by their first offset", () => {
    const { runs } = tokenRuns(text, tokens, 2);
    expect(runs.map((r) => r.segments.length)).toEqual([2, 2, 1]);
    expect(runs.map((r) => r.start)).toEqual([0, 3, 6]);
    expect(runs.flatMap((r) => r.segments.map(({ text, start, tokens }) => ({ text, start, tokens })))).toEqual(
      segmentText(text, tokens),
    );
  });

  it("names the token a click selects and alternates the tint over tokens only, across runs", () => {
    const segments = tokenRuns(text, tokens, 2).runs.flatMap((r) => r.segments);
    expect(segments.map((s) => s.token)).toEqual([1, null, 3, null, 4]);
    expect(segments.filter((s) => s.token !== null).map((s) => s.tint)).toEqual([1, 0, 1]);
  });

  it("finds the run of every token that has text, and of none without", () => {
    const { runOf } = tokenRuns(text, tokens, 2);
    expect([1, 2, 3, 4].map((i) => runOf.get(i))).toEqual([0, 1, 1, 2]);
    expect(runOf.has(0)).toBe(false);
    expect(runOf.has(5)).toBe(false);
  });
});
