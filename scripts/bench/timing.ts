/**
 * Side-by-side timing: contenders run interleaved (A, B, C, A, B, C, …), warm-up rounds first, so a machine that
 * gets busier or quieter during the run affects every contender alike.
 */
import { median, quantile } from "../lib/load";

export interface Contender {
  name: string;
  run: () => Promise<unknown>;
}

export interface Timings {
  /** Milliseconds of every timed run, per contender. */
  ms: Record<string, number[]>;
  /** Milliseconds of the warm-up runs, per contender. */
  warmupMs: Record<string, number[]>;
}

/** Progress lines go to stderr: stdout carries only the JSON lines and the summary. */
export const progress = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

/**
 * Runs every contender once per round, in the given order rotated by the round's number, `warmup` untimed rounds
 * first. `pauseMs` waits between runs (untimed), so threads one contender's ONNX Runtime leaves spinning do not slow
 * the next one's run.
 */
export async function interleave(
  contenders: readonly Contender[],
  rounds: { warmup: number; repeats: number; pauseMs?: number },
  label = "",
): Promise<Timings> {
  const ms: Record<string, number[]> = {};
  const warmupMs: Record<string, number[]> = {};
  for (const c of contenders) {
    ms[c.name] = [];
    warmupMs[c.name] = [];
  }
  const total = rounds.warmup + rounds.repeats;
  for (let r = 0; r < total; r++) {
    // Each round starts one contender later, so each follows each of the others alike (what ran just before a run,
    // its threads and memory, can slow it).
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(k + r) % contenders.length]!;
      const t0 = performance.now();
      await c.run();
      const took = performance.now() - t0;
      (r < rounds.warmup ? warmupMs : ms)[c.name]!.push(took);
      if (rounds.pauseMs) await new Promise((res) => setTimeout(res, rounds.pauseMs));
    }
    if (label && (total <= 12 || (r + 1) % 10 === 0 || r + 1 === total))
      progress(`${label}: round ${r + 1}/${total}${r < rounds.warmup ? " (warm-up)" : ""}`);
  }
  return { ms, warmupMs };
}

export interface Percentiles {
  p50_ms: number;
  p95_ms: number;
  min_ms: number;
  runs: number;
}

export const round = (x: number, digits = 3): number => {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export function percentiles(ms: readonly number[]): Percentiles {
  return {
    p50_ms: round(median(ms)),
    p95_ms: round(quantile(ms, 0.95)),
    min_ms: round(Math.min(...ms)),
    runs: ms.length,
  };
}
