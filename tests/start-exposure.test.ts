import { describe, expect, it } from "vitest";
import { exposureWarning } from "@/scripts/exposure.mjs";

describe("npm start's warning for a server open to the network", () => {
  it("warns on a non-loopback address with neither keys nor a login", () => {
    expect(exposureWarning("0.0.0.0", 7860, {})).toMatch(
      /^WARNING: listening on 0\.0\.0\.0:7860 with no authentication/,
    );
  });

  it("says nothing on loopback, or once keys or a login are set", () => {
    for (const host of ["127.0.0.1", "localhost", "::1"]) expect(exposureWarning(host, 7860, {})).toBeNull();
    expect(exposureWarning("0.0.0.0", 7860, { BGE_M3_API_KEYS: "k" })).toBeNull();
    expect(exposureWarning("0.0.0.0", 7860, { BGE_M3_AUTH: "a:b" })).toBeNull();
    expect(exposureWarning("0.0.0.0", 7860, { BGE_M3_API_KEYS: " " })).toMatch(/^WARNING/);
  });
});
