import { describe, expect, it } from "vitest";
import { matchesPreset, PRESETS } from "@/lib/ui/presets";

describe("weight presets", () => {
  it("have distinct weights, so exactly one matches each preset's own weights", () => {
    for (const p of PRESETS) expect(PRESETS.filter((q) => matchesPreset(p.weights, q))).toEqual([p]);
  });
});
