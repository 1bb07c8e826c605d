/**
 * Case 9: what a remote encoder costs the Studio beyond the encoder's own work, per short request. The model's graph
 * is served from this (child) process by the test suite's v2 and TEI servers; each engine.encode of one short text
 * is one v2 request (two for TEI, side by side), and the server's own time for it (arrival to last byte) is taken
 * from the measured round, leaving tokenizing, the request, the answer, its checks and the heads.
 */
import { Engine } from "../../lib/engine/engine";
import { encoderTargetFromEnv } from "../../lib/engine/remote";
import { variantPath } from "../../lib/engine/variant";
import { startFakeTeiServer } from "../../tests/helpers/fake-tei-server";
import { startFakeV2Server } from "../../tests/helpers/fake-v2-server";
import { type BenchOptions, base } from "./options";
import { textOfTokens } from "./texts";
import { interleave, percentiles } from "./timing";
import type { Case9, RemoteOverhead } from "./types";

/** The client's time minus the server's, run by run (`serverMs` holds one entry per run, in order). */
function overhead(clientMs: readonly number[], serverMs: readonly number[]): RemoteOverhead {
  const extra = clientMs.map((ms, i) => ms - (serverMs[i] ?? Number.NaN));
  return { round_trip: percentiles(clientMs), server: percentiles(serverMs), client_overhead: percentiles(extra) };
}

export async function case9(opts: BenchOptions): Promise<Case9> {
  const s = opts.sizes;
  const model = { modelDir: opts.modelDir, graph: variantPath(opts.modelDir, opts.variant) };
  const [v2, tei] = await Promise.all([startFakeV2Server(model), startFakeTeiServer(model)]);
  try {
    const load = (encoder: string) =>
      Engine.load({
        modelDir: opts.modelDir,
        threads: opts.threads,
        variant: opts.variant,
        encoder: encoderTargetFromEnv({ BGE_M3_ENCODER: encoder }),
      });
    const [local, viaV2, viaTei] = await Promise.all([load("local"), load(v2.encoder), load(tei.encoder)]);
    const { text, tokens } = textOfTokens(local, s.shortTokens, 16);
    const rounds = { warmup: s.latencyWarmup, repeats: s.latencyRepeats, pauseMs: s.latencyPauseMs };
    const t = await interleave(
      [
        { name: "local", run: () => local.encode([text]) },
        { name: "v2", run: () => viaV2.encode([text]) },
        { name: "tei", run: () => viaTei.encode([text]) },
      ],
      rounds,
      "case 9",
    );
    const timed = (all: number[]) => all.slice(-s.latencyRepeats);
    return {
      ...base(opts, 9),
      case: 9,
      text_tokens: tokens,
      local: percentiles(t.ms.local!),
      kserve_v2: overhead(t.ms.v2!, timed(v2.stats.handlerMs)),
      tei: overhead(t.ms.tei!, timed(tei.stats.handlerMs)),
    };
  } finally {
    await Promise.all([v2.close(), tei.close()]);
  }
}
