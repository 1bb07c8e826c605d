import { describe, expect, it } from "vitest";
import { BANDS, bandOf, bandRange, checkThresholds, DEFAULT_THRESHOLDS } from "@/lib/m3/bands";

describe("bandOf with the default thresholds", () => {
  it.each([
    [0.99, "same"],
    [0.8500001, "same"],
    [0.85, "same"],
    [0.8499999, "related"],
    [0.6, "related"],
    [0.5999999, "weak"],
    [0.3, "weak"],
    [0.2999999, "unrelated"],
    [0, "unrelated"],
    [-0.4, "unrelated"],
  ] as const)("puts %d in the %s band", (score, band) => {
    expect(bandOf(score)).toBe(band);
  });

  it("defaults to 0.85 / 0.60 / 0.30", () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ same: 0.85, related: 0.6, weak: 0.3 });
    expect(Object.isFrozen(DEFAULT_THRESHOLDS)).toBe(true);
  });

  it("bands an unbounded sparse score above 1 as the top band rather than failing", () => {
    expect(bandOf(2.03)).toBe("same");
  });

  it("refuses a score that is not a finite number", () => {
    expect(() => bandOf(Number.NaN)).toThrow(RangeError);
    expect(() => bandOf(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("bandOf with edited thresholds", () => {
  const strict = { same: 0.95, related: 0.75, weak: 0.5 };

  it("moves every boundary to the edited values", () => {
    expect(bandOf(0.9, strict)).toBe("related");
    expect(bandOf(0.95, strict)).toBe("same");
    expect(bandOf(0.74, strict)).toBe("weak");
    expect(bandOf(0.5, strict)).toBe("weak");
    expect(bandOf(0.49, strict)).toBe("unrelated");
  });

  it("accepts thresholds above 1 and below 0 (for sparse scores and negative cosines)", () => {
    expect(bandOf(1.5, { same: 2, related: 1, weak: -0.2 })).toBe("related");
    expect(bandOf(-0.1, { same: 2, related: 1, weak: -0.2 })).toBe("weak");
  });

  it("throws on thresholds that checkThresholds refuses instead of returning a label", () => {
    expect(() => bandOf(0.5, { same: 0.5, related: 0.6, weak: 0.3 })).toThrow(/"related" must be below "same"/);
  });
});

describe("checkThresholds", () => {
  it("accepts the defaults and returns a copy", () => {
    const check = checkThresholds(DEFAULT_THRESHOLDS);
    expect(check).toEqual({ ok: true, thresholds: { same: 0.85, related: 0.6, weak: 0.3 } });
    if (check.ok) expect(check.thresholds).not.toBe(DEFAULT_THRESHOLDS);
  });

  it("refuses a threshold that is NaN or infinite, naming it", () => {
    expect(checkThresholds({ same: Number.NaN, related: 0.6, weak: 0.3 })).toEqual({
      ok: false,
      problem: { kind: "not_finite", threshold: "same" },
    });
    expect(checkThresholds({ same: 0.85, related: 0.6, weak: Number.NEGATIVE_INFINITY })).toEqual({
      ok: false,
      problem: { kind: "not_finite", threshold: "weak" },
    });
  });

  it("refuses weak ≥ related, naming the pair", () => {
    expect(checkThresholds({ same: 0.85, related: 0.3, weak: 0.3 })).toEqual({
      ok: false,
      problem: { kind: "out_of_order", lower: "weak", upper: "related" },
    });
  });

  it("refuses related ≥ same, naming the pair", () => {
    expect(checkThresholds({ same: 0.7, related: 0.9, weak: 0.3 })).toEqual({
      ok: false,
      problem: { kind: "out_of_order", lower: "related", upper: "same" },
    });
  });
});

describe("bandRange", () => {
  it("tiles the whole number line without gaps or overlaps", () => {
    const ranges = BANDS.map((b) => bandRange(b, DEFAULT_THRESHOLDS));
    expect(ranges[0]).toEqual({ lower: 0.85, upper: Number.POSITIVE_INFINITY });
    expect(ranges[3]).toEqual({ lower: Number.NEGATIVE_INFINITY, upper: 0.3 });
    for (let i = 0; i < ranges.length - 1; i++) expect(ranges[i + 1]!.upper).toBe(ranges[i]!.lower);
  });

  it("agrees with bandOf at each lower bound", () => {
    for (const band of BANDS) {
      const { lower } = bandRange(band);
      if (Number.isFinite(lower)) expect(bandOf(lower)).toBe(band);
    }
  });
});
