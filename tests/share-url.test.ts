import { describe, expect, it } from "vitest";
import { type SharedComparison, sharedFromQuery, shareHref } from "@/lib/ui/share-url";

const MODES = ["dense", "sparse", "colbert", "hybrid"];
const shared: SharedComparison = {
  a: "气候变化是全球挑战 & more?",
  b: "Climate change is a global challenge\nline two",
  mode: "colbert",
  weights: { dense: 0.3, sparse: 0.1, colbert: 0.6 },
  thresholds: { same: 0.9, related: 0.5, weak: 0.2 },
  sparseScale: "unit",
};

describe("share links", () => {
  it("restore the texts, mode, weights, thresholds and sparse scale exactly", () => {
    const href = shareHref(shared);
    expect(href.startsWith("/?")).toBe(true);
    expect(sharedFromQuery(href.slice(1), MODES)).toEqual(shared);
  });

  it("leave out what is missing or invalid", () => {
    expect(sharedFromQuery("?a=x&m=bogus&ts=0.2&tr=0.5&tw=0.9", MODES)).toEqual({});
    expect(sharedFromQuery("?a=x&b=y", MODES)).toEqual({ a: "x", b: "y" });
  });
});
