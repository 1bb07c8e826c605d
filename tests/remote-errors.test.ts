import { describe, expect, it, vi } from "vitest";

describe("engine errors across module copies", () => {
  it("map to their status when thrown by another copy of the engine's modules, as Next.js bundles the instrumentation hook (which loads the engine) apart from each route", async () => {
    const engineCopy = await import("@/lib/engine/errors");
    vi.resetModules();
    const { errorResponse } = await import("@/lib/api/errors");
    const { EngineError } = await import("@/lib/engine/errors");
    expect(engineCopy.EngineError).not.toBe(EngineError);
    const thrown = new engineCopy.EngineError(
      "encoder_unavailable",
      "the remote encoder is down; retry in 2 s",
      undefined,
      2,
    );
    expect(thrown).toBeInstanceOf(EngineError);
    const res = errorResponse(thrown);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    expect((await res.json()).error).toEqual({
      message: "the remote encoder is down; retry in 2 s",
      type: "encoder_unavailable",
    });
    expect(errorResponse(new engineCopy.EngineError("encoder_error", "other hidden size")).status).toBe(502);
  });

  it("are not mistaken for other errors", async () => {
    const { EngineError } = await import("@/lib/engine/errors");
    expect(new Error("x")).not.toBeInstanceOf(EngineError);
    expect({ kind: "queue_full" }).not.toBeInstanceOf(EngineError);
    expect(null).not.toBeInstanceOf(EngineError);
  });
});
