import { describe, expect, it } from "vitest";
import { compareHref, weightsFromQuery } from "@/lib/ui/weights-url";

describe("compareHref", () => {
  it("puts α, β, γ in the compare page's query, short and without float noise", () => {
    expect(compareHref({ dense: 0.1 + 0.2, sparse: 0.2, colbert: 0.5 })).toBe("/?wd=0.3&ws=0.2&wc=0.5");
    expect(compareHref({ dense: 1, sparse: 0, colbert: 0 })).toBe("/?wd=1&ws=0&wc=0");
  });
});

describe("weightsFromQuery", () => {
  it("reads the weights back, with or without the leading ?", () => {
    expect(weightsFromQuery("?wd=0.3&ws=0.2&wc=0.5")).toEqual({ dense: 0.3, sparse: 0.2, colbert: 0.5 });
    expect(weightsFromQuery("wc=0.15&wd=0.35&ws=0.5&x=1")).toEqual({ dense: 0.35, sparse: 0.5, colbert: 0.15 });
  });

  it("is null unless all three are numbers in [0, 1] and not all zero", () => {
    for (const bad of [
      "",
      "?wd=0.3&ws=0.2",
      "?wd=a&ws=0.2&wc=0.5",
      "?wd=-0.1&ws=0.2&wc=0.5",
      "?wd=0&ws=0&wc=0",
      "?wd=2&ws=0&wc=0",
      "?wd=&ws=0.2&wc=0.5",
    ]) {
      expect(weightsFromQuery(bad), bad).toBeNull();
    }
  });
});
