/**
 * Cases against the production server (`node scripts/start.mjs`, NEXT_DIST_DIR=.next-bench, port 7882):
 * 3 concurrent clients with dynamic batching on and off, 6 the server's peak memory against the model files.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { variantPath } from "../../lib/engine/variant";
import { median, pass, quantile, queries, send } from "../lib/load";
import { largestInTree, oomKillFirst, processTree, statusBytes, toMiB } from "../lib/proc";
import { baseUrl, ensureBuild, type Server, startServer, stopServer } from "../lib/server";
import { batchingCeiling } from "./batching-ceiling";
import { running } from "./children";
import { graphFiles } from "./onnx";
import { type BenchOptions, base } from "./options";
import { progress, round } from "./timing";
import type { Case3, Case6, HttpMode } from "./types";

/**
 * The production build the bench's servers run: `.next-bench`, so a user's `.next` is left alone; `BENCH_DIST_DIR`
 * names another (the test suite reuses the `.next` that `npm test` has just built, instead of building a second).
 */
export const DIST_DIR = process.env.BENCH_DIST_DIR || ".next-bench";
/** In the environment of every server the bench starts, so a test can tell them from other servers. */
export const BENCH_SERVER_MARK = "BENCH_SERVER";
export const PORT = 7882;
const BASE = baseUrl(PORT);

/**
 * Starts the production server on 127.0.0.1:`port` with the bench's model, `env` added; its processes are the
 * first the kernel kills if memory runs out.
 */
export async function launch(opts: BenchOptions, env: Record<string, string>, port = PORT): Promise<Server> {
  const server = await startServer({
    distDir: DIST_DIR,
    port,
    healthTimeoutMs: 600_000,
    env: {
      BGE_M3_MODEL_DIR: opts.modelDir,
      BGE_M3_VARIANT: opts.variant,
      // Speed, not integrity, is measured: hashing 2.3 GB would only slow every start (a replica would fail it).
      BGE_M3_VERIFY: process.env.BGE_M3_VERIFY ?? "0",
      BGE_M3_DOWNLOAD: "0",
      [BENCH_SERVER_MARK]: "1",
      ...env,
    },
  });
  if (server.child) {
    running.add(server.child);
    oomKillFirst(processTree(server.child.pid!));
  }
  return server;
}

export async function shutdown(server: Server): Promise<void> {
  await stopServer(server);
  if (server.child) running.delete(server.child);
}

/** The server's model-holding process: the largest resident set among start.mjs and its descendants. */
export function modelProcess(server: Server) {
  const pid = server.child?.pid;
  const p = pid === undefined ? null : largestInTree(pid);
  if (!p) throw new Error("cannot find the server's processes in /proc");
  return p;
}

interface RoundStat {
  rps: number;
  p95: number;
  p50: number;
  errors: number;
  /** VmHWM of the model-holding server process after the round, bytes. */
  hwm: number;
}

export async function case3(opts: BenchOptions): Promise<Case3> {
  const s = opts.sizes;
  const build = await ensureBuild(DIST_DIR, progress);
  const reqs = queries(s.requests, 11, 0);
  const warm = queries(s.warmupRequests, 12, 1_000_000);
  const modes: Record<"on" | "off", RoundStat[]> = { on: [], off: [] };
  for (let r = 0; r < s.repeats; r++) {
    for (const batching of [true, false]) {
      const label = batching ? "on" : "off";
      const server = await launch(opts, { BGE_M3_BATCHING: batching ? "1" : "0", BGE_M3_CACHE_MB: "0" });
      try {
        await pass(BASE, warm, s.clients);
        const { answers, seconds } = await pass(BASE, reqs, s.clients);
        const errors = answers.filter((a) => a.status !== 200);
        const ms = answers.filter((a) => a.status === 200).map((a) => a.ms); // latencies of answered requests only
        if (errors.length)
          progress(`case 3: ${errors.length} errors, first: ${errors[0]!.status} ${errors[0]!.text.slice(0, 200)}`);
        const stat: RoundStat = {
          rps: reqs.length / seconds,
          p95: quantile(ms, 0.95),
          p50: median(ms),
          errors: errors.length,
          hwm: modelProcess(server).hwm,
        };
        modes[label].push(stat);
        progress(
          `case 3 round ${r + 1}, batching ${label}: ${stat.rps.toFixed(1)} req/s, p95 ${stat.p95.toFixed(1)} ms`,
        );
      } finally {
        await shutdown(server);
      }
    }
  }
  const summary = (rounds: RoundStat[]): HttpMode => ({
    requests_per_s: round(median(rounds.map((x) => x.rps)), 2),
    p95_ms: round(median(rounds.map((x) => x.p95)), 2),
    p50_ms: round(median(rounds.map((x) => x.p50)), 2),
    rounds_requests_per_s: rounds.map((x) => round(x.rps, 2)),
    rounds_p95_ms: rounds.map((x) => round(x.p95, 2)),
    errors: rounds.reduce((a, x) => a + x.errors, 0),
    server_peak_rss_mb: rounds.map((x) => toMiB(x.hwm)),
  });
  const on = summary(modes.on);
  const off = summary(modes.off);
  progress("case 3: the engine, one query at a time and in one batch");
  const ceiling = await batchingCeiling(opts, reqs, s.clients);
  return {
    ...base(opts, 3),
    case: 3,
    clients: s.clients,
    requests_per_round: reqs.length,
    rounds_per_mode: s.repeats,
    cache_mb: 0,
    on,
    off,
    requests_per_s_on_over_off: round(on.requests_per_s / off.requests_per_s),
    p95_on_over_off: round(on.p95_ms / off.p95_ms),
    engine_batching_ceiling: ceiling,
    build,
  };
}

export async function case6(opts: BenchOptions): Promise<Case6> {
  const build = await ensureBuild(DIST_DIR, progress);
  const graph = variantPath(opts.modelDir, opts.variant);
  const files = [
    ...graphFiles(graph),
    path.join(opts.modelDir, "colbert_linear.pt"),
    path.join(opts.modelDir, "sparse_linear.pt"),
  ].map((f) => ({ file: path.relative(opts.modelDir, f), bytes: statSync(f).size }));
  const total = files.reduce((a, f) => a + f.bytes, 0);
  const server = await launch(opts, {});
  try {
    const a = await send(BASE, { path: "/v1/embeddings", body: { input: "How much memory does the server need?" } });
    if (a.status !== 200) throw new Error(`the request failed: ${a.status} ${a.text.slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 500));
    const p = modelProcess(server);
    return {
      ...base(opts, 6),
      case: 6,
      server_pid: p.pid,
      server_command: p.command,
      peak_rss_mb: toMiB(p.hwm),
      rss_mb: toMiB(p.rss),
      rss_anon_mb: toMiB(statusBytes(p.pid, "RssAnon")),
      rss_file_mb: toMiB(statusBytes(p.pid, "RssFile")),
      model_files: files.map((f) => ({ file: f.file, mb: toMiB(f.bytes) })),
      model_files_mb: toMiB(total),
      peak_rss_over_model_files: round(p.hwm / total),
      note:
        "After one short request. If ONNX Runtime maps the external data file, weights count in RSS only once " +
        "touched: the embedding table (vocab × hidden) only for the token ids seen so far, so RSS grows with varied text.",
      build,
    };
  } finally {
    await shutdown(server);
  }
}
