import { describe, expect, it } from "vitest";
import { formatClock, roughDuration } from "@/lib/ui/format";

describe("formatClock", () => {
  it("writes minutes and seconds, with hours only past an hour", () => {
    expect(formatClock(0)).toBe("00:00");
    expect(formatClock(7.9)).toBe("00:07");
    expect(formatClock(754)).toBe("12:34");
    expect(formatClock(3723)).toBe("1:02:03");
  });

  it("shows 00:00 for a clock that has not started (NaN) or a negative time", () => {
    expect(formatClock(Number.NaN)).toBe("00:00");
    expect(formatClock(-3)).toBe("00:00");
  });
});

describe("roughDuration", () => {
  it("rounds to 1 s under 10 s, 5 s under a minute, 10 s under 10 minutes, else to the minute", () => {
    expect(roughDuration(4_400)).toEqual({ minutes: 0, seconds: 4 });
    expect(roughDuration(41_000)).toEqual({ minutes: 0, seconds: 40 });
    expect(roughDuration(57_600)).toEqual({ minutes: 1, seconds: 0 });
    expect(roughDuration(99_700)).toEqual({ minutes: 1, seconds: 40 });
    expect(roughDuration(754_000)).toEqual({ minutes: 13, seconds: 0 });
  });

  it("never says less than 1 s", () => {
    expect(roughDuration(0)).toEqual({ minutes: 0, seconds: 1 });
  });
});
