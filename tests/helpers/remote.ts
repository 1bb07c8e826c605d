/** Engines with a remote encoder, and what their tests measure. */
import net from "node:net";
import { expect } from "vitest";
import { Engine } from "@/lib/engine/engine";
import { encoderTargetFromEnv } from "@/lib/engine/remote";
import type { Representation } from "@/lib/m3/types";
import { lexicalDiff, maxAbsDiff, TEST_MODEL_DIR } from "./goldens";

/** An engine whose encoder is `encoder` (a BGE_M3_ENCODER value), with BGE_M3_ENCODER_* settings. */
export const remoteEngine = (encoder: string, settings: Record<string, string> = {}) =>
  Engine.load({
    modelDir: TEST_MODEL_DIR,
    threads: 1,
    encoder: encoderTargetFromEnv({ BGE_M3_ENCODER: encoder, ...settings }),
  });

/** A port nothing listens on: bound, then closed. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** How long `work` took to settle, and how it settled. */
export async function timed<T>(work: Promise<T>): Promise<{ ms: number; error: unknown }> {
  const t0 = performance.now();
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  return { ms: performance.now() - t0, error };
}

/** Same tokens, and dense, ColBERT and lexical weights within `tolerance`. */
export function expectSameRepresentations(actual: Representation[], expected: Representation[], tolerance = 1e-5) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((r, i) => {
    const e = expected[i]!;
    expect(r.tokens).toEqual(e.tokens);
    expect(maxAbsDiff(r.dense, e.dense)).toBeLessThan(tolerance);
    expect(r.colbert.rows).toBe(e.colbert.rows);
    expect(maxAbsDiff(r.colbert.data, e.colbert.data)).toBeLessThan(tolerance);
    expect(lexicalDiff(r.lexical, Object.fromEntries(e.lexical))).toBeLessThan(tolerance);
  });
}
