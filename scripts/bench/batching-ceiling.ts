/**
 * Case 3's yardstick: what batching can give on this CPU. The case's first queries, one per client, run through the
 * in-process engine one at a time, in the engine's least-cost batches (`Engine.encode`) and as one batch padded to the
 * longest, alternately; one at a time over the best of the other two is what batching adds before any HTTP,
 * queueing or client work. On a CPU it is small: one query's matrix products already keep the cores busy, a batch
 * saves only each run's fixed cost, and padding costs as much as text.
 */
import { planBatches } from "../../lib/engine/batches";
import { Engine } from "../../lib/engine/engine";
import type { Req } from "../lib/load";
import type { BenchOptions } from "./options";
import { interleave, percentiles, round } from "./timing";

export interface BatchingCeiling {
  queries: number;
  /** Their tokens, `<s>` and `</s>` included. */
  tokens: number;
  one_at_a_time_p50_ms: number;
  /** In the batches `planBatches` makes of them, as the server's batcher does when they all wait together. */
  planned_p50_ms: number;
  planned_batches: number;
  one_batch_p50_ms: number;
  /** one_at_a_time / the faster of planned and one batch: the throughput batching adds here. */
  ceiling: number;
}

const inputOf = (r: Req) => {
  const input = (r.body as { input?: unknown }).input;
  if (typeof input !== "string") throw new Error("case 3's requests must carry one input text each");
  return input;
};

export async function batchingCeiling(
  opts: BenchOptions,
  reqs: readonly Req[],
  clients: number,
): Promise<BatchingCeiling> {
  const engine = await Engine.load({ modelDir: opts.modelDir, threads: opts.threads, variant: opts.variant });
  const texts = reqs.slice(0, clients).map(inputOf);
  const queries = texts.map((t) => engine.tokenize(t));
  const t = await interleave(
    [
      {
        name: "one_at_a_time",
        run: async () => {
          for (const q of queries) await engine.runBatch([q]);
        },
      },
      { name: "planned", run: () => engine.encode(texts) },
      { name: "one_batch", run: () => engine.runBatch(queries) },
    ],
    { warmup: 1, repeats: Math.max(3, opts.sizes.repeats), pauseMs: 300 },
    "case 3 ceiling",
  );
  const p50 = (name: string) => percentiles(t.ms[name]!).p50_ms;
  const [single, planned, batch] = [p50("one_at_a_time"), p50("planned"), p50("one_batch")];
  return {
    queries: queries.length,
    tokens: queries.reduce((s, q) => s + q.ids.length, 0),
    one_at_a_time_p50_ms: single,
    planned_p50_ms: planned,
    planned_batches: planBatches(
      queries.map((q) => q.ids.length),
      engine.batchLimits,
    ).length,
    one_batch_p50_ms: batch,
    ceiling: round(single / Math.min(planned, batch)),
  };
}
