/**
 * Case 8, long inputs at bounded memory, against the production server (a fresh one per measurement, each on a free
 * port of 127.0.0.1, stopped after it):
 *   1 one long text (8,192 tokens) with BGE_M3_ATTENTION=chunked and =full, alternating, a server per run: its time
 *     and the server's peak RSS;
 *   2 two long texts at once, and 16 clients with one 2,048-token text each: statuses, /api/health after, peak RSS
 *     against limits.memory_budget_mb of /api/info plus the idle RSS;
 *   3 on those servers, the RSS a while (30 s) after the work against the idle RSS;
 *   4 short queries from a few closed-loop clients while one long text encodes: their latency, and the long text's
 *     time against the same text alone;
 *   5 one short text's latency with nothing else running, a chunked and a full server side by side, alternating.
 * The contenders are server environments only; the RSS is the server's process tree's, sampled every ~100 ms.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_LIMITS } from "../../lib/api/limits";
import { cpuFlags } from "../../lib/config/machine";
import { loadTokenizer } from "../../lib/engine/tokenizer";
import { type Answer, median, quantile, type Req, sendWithin } from "../lib/load";
import { type MemorySamples, processTree, sampleTreeMemory, toMiB, treeMemory } from "../lib/proc";
import { baseUrl, ensureBuild, freePort, ROOT, type Server } from "../lib/server";
import { DIST_DIR, launch, modelProcess, shutdown } from "./http";
import { type BenchOptions, base } from "./options";
import { longText, textOfTokens, untruncated } from "./texts";
import { interleave, percentiles, progress, round } from "./timing";
import type { Case8, Case8Contender, Case8Load, Case8LongRun, MemoryWindow } from "./types";

/**
 * What the two contenders' servers get on top of the common environment. `full` is the engine as it was: the whole
 * graph and no memory budget (its estimate for one 8,192-token text is over the default budget, which would refuse it).
 */
const CONTENDERS = {
  chunked: { BGE_M3_ATTENTION: "chunked" },
  full: { BGE_M3_ATTENTION: "full", BGE_M3_MEMORY_BUDGET_MB: "1048576" },
} as const;
type ContenderName = keyof typeof CONTENDERS;

/** Distinct short queries the closed-loop clients cycle through (more than clients, so none is in flight twice). */
const QUERY_POOL = 64;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const embed = (text: string): Req => ({ path: "/api/embed", body: { texts: [text] } });

interface Info {
  threads?: number | null;
  model?: { max_length?: number } | null;
  limits?: Record<string, unknown>;
}

/** One server of this case. */
interface Running {
  server: Server;
  base: string;
  /** start.mjs: the root of the process tree whose memory is measured. */
  pid: number;
  info: Info | null;
}

async function getStatus(url: string): Promise<{ status: number; body: unknown }> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return { status: r.status, body: await r.json().catch(() => null) };
  } catch {
    return { status: 0, body: null };
  }
}

/** Starts a server with `env`, runs `use` on it, stops it (also when `use` throws). */
async function withServer<T>(opts: BenchOptions, env: Record<string, string>, use: (s: Running) => Promise<T>) {
  const port = await freePort();
  const server = await launch(opts, env, port);
  try {
    const url = baseUrl(port);
    const info = (await getStatus(`${url}/api/info`)).body as Info | null;
    return await use({ server, base: url, pid: server.child!.pid!, info });
  } finally {
    await shutdown(server);
  }
}

/** One short request (so the session has run once), then, `settleMs` later, the tree's RSS in bytes. */
async function warmIdle(s: Running, short: string, opts: BenchOptions): Promise<number> {
  const a = await sendWithin(s.base, embed(short), opts.sizes.requestTimeoutMs);
  if (a.status !== 200) throw new Error(`the warm-up request failed: ${a.status} ${a.text.slice(0, 300)}`);
  await sleep(opts.sizes.settleMs);
  return treeMemory(processTree(s.pid)).rss;
}

function memoryWindow(idle: number, m: MemorySamples, hwm: number): MemoryWindow {
  const peak = Number.isFinite(hwm) ? Math.max(m.peak.rss, hwm) : m.peak.rss;
  return {
    idle_rss_mb: toMiB(idle),
    sampled_peak_rss_mb: toMiB(m.peak.rss),
    sampled_peak_anon_mb: toMiB(m.peak.anon),
    sampled_peak_file_mb: toMiB(m.peak.file),
    samples: m.samples,
    mean_sample_interval_ms: round(m.meanIntervalMs, 1),
    model_process_hwm_mb: Number.isFinite(hwm) ? toMiB(hwm) : null,
    peak_rss_mb: toMiB(peak),
  };
}

/** Runs `work` while sampling the server's memory; `idle` (bytes) is the RSS it started from. */
async function measured<T>(s: Running, idle: number, opts: BenchOptions, work: () => Promise<T>) {
  const sampler = sampleTreeMemory(s.pid, {
    everyMs: opts.sizes.sampleMs,
    maxMs: opts.sizes.requestTimeoutMs + 60_000,
  });
  const t0 = performance.now();
  const result = await work();
  const seconds = (performance.now() - t0) / 1000;
  const samples = sampler.stop();
  let hwm = Number.NaN;
  try {
    hwm = modelProcess(s.server).hwm;
  } catch {
    // the server is gone: only the samples count
  }
  return { result, seconds, memory: memoryWindow(idle, samples, hwm) };
}

function statuses(answers: readonly Answer[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers) out[a.status] = (out[a.status] ?? 0) + 1;
  return out;
}

const firstError = (answers: readonly Answer[]): string | null => {
  const a = answers.find((x) => x.status !== 200);
  return a ? `${a.status} ${a.text.slice(0, 300)}` : null;
};

function usageTokens(a: Answer): number | null {
  if (a.status !== 200) return null;
  try {
    return (JSON.parse(a.text) as { usage?: { tokens?: number } }).usage?.tokens ?? null;
  } catch {
    return null;
  }
}

/** Whether any source file under `dir` contains `needle`. */
function mentions(dir: string, needle: string): boolean {
  return readdirSync(dir, { withFileTypes: true }).some((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return mentions(p, needle);
    return /\.(ts|tsx|mts|mjs|js)$/.test(e.name) && readFileSync(p, "utf8").includes(needle);
  });
}

interface Texts {
  long: string;
  /** Texts sent at once in measurement 2 (the first is `long`). */
  longs: string[];
  mediums: string[];
  short: string;
  queries: string[];
}

/** 1: one long text per fresh server, chunked and full alternating. */
async function single(opts: BenchOptions, common: Record<string, string>, texts: Texts, infos: Info[]) {
  const s = opts.sizes;
  const runs: Record<ContenderName, Case8LongRun[]> = { chunked: [], full: [] };
  for (let r = 0; r < s.repeats; r++) {
    for (const name of ["chunked", "full"] as const) {
      await withServer(opts, { ...common, ...CONTENDERS[name] }, async (srv) => {
        if (srv.info) infos.push(srv.info);
        const idle = await warmIdle(srv, texts.short, opts);
        const { result: a, memory } = await measured(srv, idle, opts, () =>
          sendWithin(srv.base, embed(texts.long), s.requestTimeoutMs),
        );
        runs[name].push({ status: a.status, seconds: round(a.ms / 1000), tokens: usageTokens(a), memory });
        progress(
          `case 8.1 round ${r + 1}/${s.repeats}, ${name}: ${a.status} in ${(a.ms / 1000).toFixed(2)} s, ` +
            `peak RSS ${memory.peak_rss_mb} MiB`,
        );
      });
    }
  }
  const contender = (name: ContenderName): Case8Contender => ({
    env: { ...CONTENDERS[name] },
    median_seconds: round(median(runs[name].map((x) => x.seconds))),
    median_peak_rss_mb: median(runs[name].map((x) => x.memory.peak_rss_mb)),
    all_200: runs[name].every((x) => x.status === 200),
    runs: runs[name],
  });
  const chunked = contender("chunked");
  const full = contender("full");
  return {
    rounds: s.repeats,
    order: "chunked, full; repeated, a fresh server per run, one short warm-up request each",
    chunked,
    full,
    chunked_over_full_seconds: round(chunked.median_seconds / full.median_seconds),
  };
}

/** 2 and 3: `sent` texts at once, one client each, on a fresh chunked server; then the server left alone. */
async function load(
  opts: BenchOptions,
  env: Record<string, string>,
  texts: Texts,
  sent: readonly string[],
  label: string,
) {
  const s = opts.sizes;
  return withServer(opts, env, async (srv): Promise<Omit<Case8Load, "text_tokens">> => {
    const idle = await warmIdle(srv, texts.short, opts);
    const {
      result: answers,
      seconds,
      memory,
    } = await measured(srv, idle, opts, () =>
      Promise.all(sent.map((t) => sendWithin(srv.base, embed(t), s.requestTimeoutMs))),
    );
    const health = await getStatus(`${srv.base}/api/health`);
    const alive = srv.server.child!.exitCode === null && srv.server.child!.signalCode === null;
    progress(
      `case 8.2 ${label}: ${JSON.stringify(statuses(answers))} in ${seconds.toFixed(2)} s, peak RSS ` +
        `${memory.peak_rss_mb} MiB (idle ${memory.idle_rss_mb}); waiting ${s.afterWaitMs / 1000} s`,
    );
    if (alive) await sleep(s.afterWaitMs);
    const after = treeMemory(processTree(srv.pid));
    const gone = !alive || after.processes === 0;
    return {
      clients: sent.length,
      statuses: statuses(answers),
      first_error: firstError(answers),
      all_200: answers.every((a) => a.status === 200),
      seconds: round(seconds),
      health_after: health.status,
      server_alive: alive,
      memory,
      wait_s: s.afterWaitMs / 1000,
      rss_after_wait_mb: gone ? null : toMiB(after.rss),
      rss_after_wait_anon_mb: gone ? null : toMiB(after.anon),
      rss_after_wait_file_mb: gone ? null : toMiB(after.file),
      rss_after_wait_over_idle_mb: gone ? null : toMiB(after.rss - idle),
    };
  });
}

/**
 * Closed-loop clients, each sending the next of `texts` (cycling) as soon as its last one is answered, until `until`
 * settles or `max` queries are sent.
 */
async function closedLoop(
  url: string,
  texts: readonly string[],
  clients: number,
  max: number,
  until: Promise<unknown>,
  timeoutMs: number,
): Promise<Answer[]> {
  let done = false;
  void until.then(() => {
    done = true;
  });
  const answers: Answer[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (!done && next < max) {
        answers.push(await sendWithin(url, embed(texts[next++ % texts.length]!), timeoutMs));
      }
    }),
  );
  return answers;
}

/** 4: the long text alone and with closed-loop short queries, alternating, on one chunked server. */
async function queries(opts: BenchOptions, env: Record<string, string>, texts: Texts) {
  const s = opts.sizes;
  return withServer(opts, env, async (srv) => {
    await warmIdle(srv, texts.short, opts);
    // The first long text on a fresh server also pays for growing its buffers: untimed.
    const warm = await sendWithin(srv.base, embed(texts.long), s.requestTimeoutMs);
    if (warm.status !== 200)
      throw new Error(`the long warm-up request failed: ${warm.status} ${warm.text.slice(0, 300)}`);
    const alone: Answer[] = [];
    const withQueries: Answer[] = [];
    const perRound: number[] = [];
    const all: Answer[] = [];
    for (let r = 0; r < s.repeats; r++) {
      alone.push(await sendWithin(srv.base, embed(texts.long), s.requestTimeoutMs));
      const long = sendWithin(srv.base, embed(texts.long), s.requestTimeoutMs);
      const q = await closedLoop(srv.base, texts.queries, s.queryClients, s.maxQueries, long, s.requestTimeoutMs);
      withQueries.push(await long);
      perRound.push(q.length);
      all.push(...q);
      const ok = q.filter((a) => a.status === 200).map((a) => a.ms);
      progress(
        `case 8.4 round ${r + 1}/${s.repeats}: long alone ${(alone.at(-1)!.ms / 1000).toFixed(2)} s, with ` +
          `${q.length} queries ${(withQueries.at(-1)!.ms / 1000).toFixed(2)} s; query p95 ${quantile(ok, 0.95).toFixed(1)} ms`,
      );
    }
    const aloneS = alone.map((a) => round(a.ms / 1000));
    const withS = withQueries.map((a) => round(a.ms / 1000));
    const answered = all.filter((a) => a.status === 200).map((a) => a.ms);
    return {
      clients: s.queryClients,
      rounds: s.repeats,
      order: "one untimed long text, then alone, with queries; repeated, one server",
      max_queries_per_round: s.maxQueries,
      long_statuses: statuses([...alone, ...withQueries]),
      long_alone_seconds: round(median(aloneS)),
      long_alone_runs_s: aloneS,
      long_with_queries_seconds: round(median(withS)),
      long_with_queries_runs_s: withS,
      long_with_over_alone: round(median(withS) / median(aloneS)),
      queries_per_round: perRound,
      query_statuses: statuses(all),
      query: answered.length
        ? percentiles(answered)
        : { p50_ms: Number.NaN, p95_ms: Number.NaN, min_ms: Number.NaN, runs: 0 },
    };
  });
}

/** 5: the short text, nothing else running, on a chunked and a full server side by side, requests alternating. */
async function short(opts: BenchOptions, common: Record<string, string>, text: string) {
  const s = opts.sizes;
  let errors = 0;
  const run = (srv: Running) => async () => {
    const a = await sendWithin(srv.base, embed(text), s.requestTimeoutMs);
    if (a.status !== 200) errors++;
  };
  return withServer(opts, { ...common, ...CONTENDERS.chunked }, (chunked) =>
    withServer(opts, { ...common, ...CONTENDERS.full }, async (full) => {
      const t = await interleave(
        [
          { name: "chunked", run: run(chunked) },
          { name: "full", run: run(full) },
        ],
        { warmup: s.latencyWarmup, repeats: s.latencyRepeats },
        "case 8.5",
      );
      const c = percentiles(t.ms.chunked!);
      const f = percentiles(t.ms.full!);
      return {
        warmup: s.latencyWarmup,
        chunked: c,
        full: f,
        chunked_over_full_p50: round(c.p50_ms / f.p50_ms),
        errors,
      };
    }),
  );
}

export async function case8(opts: BenchOptions): Promise<Case8> {
  const s = opts.sizes;
  const build = await ensureBuild(DIST_DIR, progress);
  const tok = untruncated(await loadTokenizer(opts.modelDir));
  const long = longText(tok, s.longPieces);
  const longs = [
    long,
    ...Array.from({ length: s.concurrentLong - 1 }, (_, i) => longText(tok, s.longPieces, 8193 + i)),
  ];
  const mediums = Array.from({ length: s.mediumClients }, (_, i) => textOfTokens(tok, s.mediumTokens, 2048 + i));
  const shortText = textOfTokens(tok, s.shortTokens, 16);
  const queryTexts = Array.from({ length: QUERY_POOL }, (_, i) => textOfTokens(tok, s.shortTokens, 100 + i));
  const texts: Texts = {
    long: long.text,
    longs: longs.map((t) => t.text),
    mediums: mediums.map((t) => t.text),
    short: shortText.text,
    queries: queryTexts.map((t) => t.text),
  };
  // Repeated texts must be encoded every time; a text longer than the default character limit must get through.
  const common: Record<string, string> = { BGE_M3_CACHE_MB: "0" };
  const longestChars = Math.max(...[...longs, ...mediums].map((t) => t.text.length));
  if (longestChars > DEFAULT_LIMITS.maxChars) common.BGE_M3_MAX_CHARS = String(longestChars);
  const chunkedEnv = { ...common, ...CONTENDERS.chunked };

  const infos: Info[] = [];
  const single1 = await single(opts, common, texts, infos);
  const info = infos[0] ?? null;
  const maxLength = info?.model?.max_length ?? Number.POSITIVE_INFINITY;
  const encoded = (t: { tokens: number }) => Math.min(t.tokens, maxLength);
  const longLoad = await load(opts, chunkedEnv, texts, texts.longs, `${longs.length} long texts at once`);
  const mediumLoad = await load(opts, chunkedEnv, texts, texts.mediums, `${mediums.length} clients, one text each`);
  const queries4 = await queries(opts, chunkedEnv, texts);
  const short5 = await short(opts, common, texts.short);
  const limits = info?.limits ?? null;
  const budget = limits?.memory_budget_mb;
  const attentionKnown = mentions(path.join(ROOT, "lib"), "BGE_M3_ATTENTION");
  const notes = [
    s.longPieces < 8190
      ? `--quick: ${encoded(long)}-token long texts and ${s.mediumTokens}-token medium ones instead of 8,192 and ` +
        `2,048, ${s.mediumClients} clients instead of 16, a ${s.afterWaitMs / 1000} s wait instead of 30`
      : null,
    attentionKnown ? null : "lib/ does not mention BGE_M3_ATTENTION: chunked and full ran the same engine",
  ].filter(Boolean);
  return {
    ...base(opts, 8),
    case: 8,
    cpu_flags: cpuFlags(),
    server_threads: info?.threads ?? null,
    memory_budget_mb: typeof budget === "number" ? budget : null,
    info_limits: limits,
    attention_env_in_engine_source: attentionKnown,
    server_env: common,
    sample_interval_ms: s.sampleMs,
    single: { text_tokens: encoded(long), ...single1 },
    concurrent: {
      long: { ...longLoad, text_tokens: longs.map(encoded) },
      medium: { ...mediumLoad, text_tokens: mediums.map(encoded) },
    },
    queries: {
      text_tokens: encoded(long),
      query_tokens: {
        min: Math.min(...queryTexts.map((t) => t.tokens)),
        max: Math.max(...queryTexts.map((t) => t.tokens)),
      },
      ...queries4,
    },
    short: { text_tokens: shortText.tokens, ...short5 },
    note: notes.length ? notes.join("; ") : null,
    build,
  };
}
