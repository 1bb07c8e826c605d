import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTeiServer, startFakeTeiServer } from "./helpers/fake-tei-server";
import { type FakeV2Server, startFakeV2Server } from "./helpers/fake-v2-server";
import { runTsxScript } from "./helpers/run-script";

/** Keys whose values are clocks, not numbers the model computed. */
const TIMING_KEYS = new Set(["timing_ms"]);

/** Every place where `actual` and `expected` differ: other structure or strings, or numbers more than `tolerance` apart. */
function differences(actual: unknown, expected: unknown, tolerance: number, at = "$"): string[] {
  if (typeof expected === "number" && typeof actual === "number")
    return Math.abs(actual - expected) <= tolerance ? [] : [`${at}: ${actual} vs ${expected}`];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (actual.length !== expected.length) return [`${at}: ${actual.length} items vs ${expected.length}`];
    return expected.flatMap((e, i) => differences(actual[i], e, tolerance, `${at}[${i}]`));
  }
  if (expected && actual && typeof expected === "object" && typeof actual === "object") {
    const keys = Object.keys(expected).filter((k) => !TIMING_KEYS.has(k));
    const missing = keys.filter((k) => !(k in actual));
    if (missing.length > 0) return [`${at}: missing ${missing.join(", ")}`];
    return keys.flatMap((k) =>
      differences(
        (actual as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        tolerance,
        `${at}.${k}`,
      ),
    );
  }
  return Object.is(actual, expected) ? [] : [`${at}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`];
}

const dir = mkdtempSync(path.join(os.tmpdir(), "bge-m3-routes-"));

/** Every route's answers from a fresh server process whose encoder is `encoder`. */
async function routeAnswers(encoder: string): Promise<Record<string, unknown>> {
  const file = path.join(dir, `${encoder.split("+")[0]}.json`);
  const run = await runTsxScript(
    "tests/helpers/route-answers.ts",
    [file],
    { BGE_M3_MODEL_DIR: "models/bge-m3-tiny", BGE_M3_ENCODER: encoder, BGE_M3_THREADS: "1" },
    { timeoutMs: 180_000 },
  );
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(readFileSync(file, "utf8"));
}

let v2: FakeV2Server;
let tei: FakeTeiServer;
let embedded: Record<string, unknown>;
beforeAll(async () => {
  [v2, tei] = await Promise.all([startFakeV2Server(), startFakeTeiServer()]);
  embedded = await routeAnswers("local");
}, 240_000);
afterAll(async () => {
  await Promise.all([v2.close(), tei.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe("every route through a remote encoder", () => {
  it.each([
    ["KServe v2", () => v2.encoder, () => v2.stats.infer],
    ["TEI", () => tei.encoder, () => tei.stats.embedAll],
  ])(
    "answers with the embedded engine's numbers within 1e-5 through %s",
    async (_, encoder, served) => {
      const before = served();
      const answers = await routeAnswers(encoder());
      expect(served()).toBeGreaterThan(before);
      expect(Object.keys(answers)).toEqual(Object.keys(embedded));
      expect(differences(answers, embedded, 1e-5).slice(0, 5)).toEqual([]);
    },
    240_000,
  );
});
