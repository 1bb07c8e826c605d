/**
 * onnxruntime-node aborts the whole process ("terminate called after throwing an instance of 'Napi::Error'") when the
 * inference thread is torn down while a native call runs in it: its result cannot be handed back to a JavaScript
 * environment that is stopping. Exiting the process tears the thread down, so an exit during inference must wait for
 * the running step.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { SERVER_TSX } from "./helpers/run-script";

describe("exiting the process while the inference thread runs a step", () => {
  it("exits with the status asked for, not with a native abort", () => {
    const r = spawnSync(process.execPath, [...SERVER_TSX, "tests/helpers/exit-during-encode.ts"], {
      encoding: "utf8",
      timeout: 90_000,
    });
    expect(r.stdout).toContain("EXITING");
    expect(r.stderr).not.toContain("terminate called");
    expect([r.status, r.signal]).toEqual([0, null]);
  }, 100_000);
});
