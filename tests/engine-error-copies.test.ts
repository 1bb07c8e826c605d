/**
 * Next bundles each route with its own copy of lib/engine/errors.ts, while the inference thread and the batcher are
 * shared by all routes (on globalThis): an engine error made by one copy reaches routes holding another.
 */
import { describe, expect, it, vi } from "vitest";
import { toApiError } from "@/lib/api/errors";
import { EngineError } from "@/lib/engine/errors";

describe("an EngineError made by another copy of its module", () => {
  it("is still an EngineError, and answers with its own status", async () => {
    vi.resetModules();
    const copy = await import("@/lib/engine/errors");
    expect(copy.EngineError).not.toBe(EngineError);
    const err = new copy.EngineError("model_changed", "the model file x changed");
    expect(err).toBeInstanceOf(EngineError);
    expect(toApiError(err)).toMatchObject({ type: "model_changed", status: 503 });
    expect(new Error("plain")).not.toBeInstanceOf(EngineError);
  });
});
