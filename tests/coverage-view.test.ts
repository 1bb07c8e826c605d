import { describe, expect, it } from "vitest";
import {
  bestPassage,
  closestSentenceScores,
  coverageSegments,
  missedPassages,
  passageValues,
  scoreLevel,
  sentenceSupport,
} from "@/components/coverage/coverage-view";

const W = { dense: 0.4, sparse: 0.2, colbert: 0.4 };

const passages = [
  { start: 0, end: 10, scores: { dense: 0.9, sparse: 0.1, colbert: 0.5 } },
  { start: 6, end: 20, scores: { dense: 0.2, sparse: 0.3, colbert: 0.8 } },
  { start: 16, end: 25, scores: { dense: 0.5, sparse: 0.0, colbert: 0.1 } },
];

// Two sentences × three passages.
const sentenceScores = {
  dense: [
    [0.9, 0.1, 0.2],
    [0.3, 0.3, 0.4],
  ],
  sparse: [
    [0.0, 0.5, 0.0],
    [0.1, 0.0, 0.0],
  ],
  colbert: [
    [0.6, 0.2, 0.1],
    [0.2, 0.7, 0.3],
  ],
};

describe("passage values", () => {
  it("are the mode's own score, or the hybrid of the three under the weights", () => {
    expect([...passageValues(passages, "dense", W)]).toEqual([0.9, 0.2, 0.5]);
    expect([...passageValues(passages, "sparse", W)]).toEqual([0.1, 0.3, 0]);
    const hybrid = passageValues(passages, "hybrid", { dense: 1, sparse: 0, colbert: 1 });
    expect(hybrid[0]).toBeCloseTo(0.7, 12);
    expect(hybrid[1]).toBeCloseTo(0.5, 12);
    expect(hybrid[2]).toBeCloseTo(0.3, 12);
  });
});

describe("the best passage", () => {
  it("has the highest value, the earlier one on a tie, and is null without passages", () => {
    expect(bestPassage([0.2, 0.7, 0.7, 0.1])).toEqual({ index: 1, value: 0.7 });
    expect(bestPassage([])).toBeNull();
  });
});

describe("sentence support", () => {
  it("picks each sentence's best passage in the mode, with its score", () => {
    expect(sentenceSupport(sentenceScores, "dense", W)).toEqual([
      { passage: 0, score: 0.9 },
      { passage: 2, score: 0.4 },
    ]);
    expect(sentenceSupport(sentenceScores, "colbert", W)).toEqual([
      { passage: 0, score: 0.6 },
      { passage: 1, score: 0.7 },
    ]);
  });

  it("re-picks the best passage when the weights change, and breaks ties by the earlier passage", () => {
    const sparseOnly = sentenceSupport(sentenceScores, "hybrid", { dense: 0, sparse: 1, colbert: 0 });
    expect(sparseOnly.map((s) => s.passage)).toEqual([1, 0]);
    const tie = sentenceSupport({ dense: [[0.5, 0.5]], sparse: [[0, 0]], colbert: [[0, 0]] }, "dense", W);
    expect(tie).toEqual([{ passage: 0, score: 0.5 }]);
  });

  it("has no best passage for a sentence when there are no passages", () => {
    expect(sentenceSupport({ dense: [[]], sparse: [[]], colbert: [[]] }, "dense", W)).toEqual([
      { passage: -1, score: Number.NEGATIVE_INFINITY },
    ]);
  });
});

describe("missed passages", () => {
  const missed = (mode: "dense" | "colbert", threshold: number) =>
    missedPassages(closestSentenceScores(sentenceScores, 3, mode, W), threshold);

  it("come from each passage's closest sentence in the mode", () => {
    expect([...closestSentenceScores(sentenceScores, 3, "dense", W)]).toEqual([0.9, 0.3, 0.4]);
  });

  it("are those no sentence reaches the threshold on, in document order", () => {
    expect(missed("dense", 0.35)).toEqual([1]);
    expect(missed("dense", 0.95)).toEqual([0, 1, 2]);
    expect(missed("colbert", 0.31)).toEqual([2]);
  });

  it("count a score equal to the threshold as covered", () => {
    expect(missed("dense", 0.4)).toEqual([1]);
    expect(missed("dense", 0.3)).toEqual([]);
  });

  it("are every passage when the summary has no sentence", () => {
    const none = closestSentenceScores({ dense: [], sparse: [], colbert: [] }, 2, "dense", W);
    expect([...none]).toEqual([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(missedPassages(none, 0)).toEqual([0, 1]);
  });
});

describe("coverage segments", () => {
  it("cut the document at every passage edge and give each piece its best covering passage", () => {
    const values = Float64Array.from([0.9, 0.2, 0.5]);
    expect(coverageSegments(25, passages, values)).toEqual([
      { start: 0, end: 6, passage: 0, passages: [0] },
      { start: 6, end: 10, passage: 0, passages: [0, 1] },
      { start: 10, end: 16, passage: 1, passages: [1] },
      { start: 16, end: 20, passage: 2, passages: [1, 2] },
      { start: 20, end: 25, passage: 2, passages: [2] },
    ]);
  });

  it("leave text no passage covers as a piece of its own, with no passage", () => {
    const segs = coverageSegments(8, [{ start: 2, end: 5 }], Float64Array.from([0.3]));
    expect(segs).toEqual([
      { start: 0, end: 2, passage: -1, passages: [] },
      { start: 2, end: 5, passage: 0, passages: [0] },
      { start: 5, end: 8, passage: -1, passages: [] },
    ]);
  });

  it("are empty for an empty document", () => {
    expect(coverageSegments(0, [], new Float64Array(0))).toEqual([]);
  });
});

describe("score levels", () => {
  it("split the range of the values on screen into five steps, the top included in the last", () => {
    expect(scoreLevel(0, 0, 1)).toBe(0);
    expect(scoreLevel(0.19, 0, 1)).toBe(0);
    expect(scoreLevel(0.2, 0, 1)).toBe(1);
    expect(scoreLevel(0.99, 0, 1)).toBe(4);
    expect(scoreLevel(1, 0, 1)).toBe(4);
  });

  it("put every value in the middle step when the range is empty", () => {
    expect(scoreLevel(0.4, 0.4, 0.4)).toBe(2);
  });
});
