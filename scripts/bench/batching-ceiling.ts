/**
 * Case 3's yardstick: the most batching can give on this CPU. The case's first queries, one per client, run through
 * the in-process engine one at a time and as one batch, alternately; the first time over the second is what a batch
 * adds before any HTTP, queueing or client work. On a CPU it is small: one query's matrix products already keep the
 * cores busy, and a batch saves only each run's fixed cost.
 */
import { Engine } from "../../lib/engine/engine";
import type { Req } from "../lib/load";
import type { BenchOptions } from "./options";
import { interleave, percentiles, round } from "./timing";

export interface BatchingCeiling {
  queries: number;
  /** Their tokens, `<s>` and `</s>` included. */
  tokens: number;
  one_at_a_time_p50_ms: number;
  one_batch_p50_ms: number;
  /** one_at_a_time / one_batch: the throughput batching can add at most. */
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
  const queries = reqs.slice(0, clients).map((r) => engine.tokenize(inputOf(r)));
  const t = await interleave(
    [
      {
        name: "one_at_a_time",
        run: async () => {
          for (const q of queries) await engine.runBatch([q]);
        },
      },
      { name: "one_batch", run: () => engine.runBatch(queries) },
    ],
    { warmup: 1, repeats: Math.max(3, opts.sizes.repeats), pauseMs: 300 },
    "case 3 ceiling",
  );
  const single = percentiles(t.ms.one_at_a_time!).p50_ms;
  const batch = percentiles(t.ms.one_batch!).p50_ms;
  return {
    queries: queries.length,
    tokens: queries.reduce((s, q) => s + q.ids.length, 0),
    one_at_a_time_p50_ms: single,
    one_batch_p50_ms: batch,
    ceiling: round(single / batch),
  };
}
