/**
 * A smoke test of `npm run bench` on the bundled test model, through its public output only (exit code, the JSON
 * lines on stdout, --json-out, the summary). Speed is not asserted: on the tiny model the ratios mean nothing.
 * Nothing here reaches the network: transformers.js is loaded from local files only (scripts/bench/transformers.ts).
 * `npm test` runs case 1 and the refusals. BGE_M3_BENCH_SMOKE=1 adds cases 2, 4, 5, 12 and 8 (a few minutes). Cases
 * 1, 2, 12 and 8 start the production server on `.next` (BENCH_DIST_DIR), which is built here first only when it is
 * missing or stale, so the two bench runs below never build it at the same time.
 */
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BENCH_SERVER_MARK } from "@/scripts/bench/http";
import { ensureBuild } from "@/scripts/lib/server";
import { runTsxScript, type ScriptRun } from "./helpers/run-script";

/**
 * The bench's servers run the `.next` build that `npm test` has just made (next build runs before the tests), rather
 * than building `.next-bench` while the other test files run: that build took both cores for minutes.
 */
const BUILD = ".next";
const bench = (...args: string[]) => runTsxScript("scripts/bench.ts", args, { BENCH_DIST_DIR: BUILD });
const TINY = "models/bge-m3-tiny";
const FULL = process.env.BGE_M3_BENCH_SMOKE === "1";
const CASES = FULL ? [1, 2, 4, 5, 12] : [1];

/**
 * The bench's production servers (scripts/start.mjs, next start, with BENCH_SERVER_MARK in their environment) running
 * in this checkout now, as "pid command". Other test files' servers, which may run meanwhile, are not the bench's.
 */
function serversHere(): string[] {
  const root = path.resolve(".");
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .flatMap((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
        const here = readlinkSync(`/proc/${pid}/cwd`) === root;
        const bench = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`${BENCH_SERVER_MARK}=1`);
        return here && bench && /scripts\/start\.mjs|next(\/dist\/bin\/next)? start/.test(cmd) ? [`${pid} ${cmd}`] : [];
      } catch {
        return []; // exited meanwhile, or not ours to read
      }
    });
}

/** The lines of stdout that are JSON results. */
const jsonLines = (run: ScriptRun) =>
  run.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Json);
/** The summary's targets table, and one of its rows by the start of its first cell. */
const targetsOf = (run: ScriptRun) => run.stdout.slice(run.stdout.indexOf("| target | measured | verdict |"));
const targetRows = (run: ScriptRun, prefix: string) =>
  targetsOf(run)
    .split("\n")
    .filter((l) => l.startsWith(`| ${prefix}`));

type Json = Record<string, unknown>;
/** A field of a result, for nested reads such as `num(r, "engine", "p50_ms")`. */
const field = (r: Json, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v as Json | null | undefined)?.[k], r);
const num = (r: Json, ...keys: string[]) => field(r, ...keys) as number;

describe(`npm run bench on the test model (--quick, cases ${CASES.join(", ")}${FULL ? " and 8" : ""})`, () => {
  let dir: string;
  let jsonOut: string;
  let run: ScriptRun;
  let lines: Json[];
  let run8: ScriptRun | null;
  let case8: Json;
  const result = (n: number) => lines.find((r) => r.case === n)!;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "bge-m3-bench-test-"));
    jsonOut = path.join(dir, "results.json");
    await ensureBuild(BUILD, (line) => console.log(line));
    [run, run8] = await Promise.all([
      bench("--model", TINY, "--quick", "--cases", CASES.join(","), "--json-out", jsonOut),
      FULL ? bench("--model", TINY, "--quick", "--cases", "8") : Promise.resolve(null),
    ]);
    lines = jsonLines(run);
    case8 = run8 ? jsonLines(run8)[0]! : {};
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("exits 0 with one JSON line per case, in order, none failed, and the same results in --json-out", () => {
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(
      run.stdout
        .split("\n")
        .slice(0, CASES.length)
        .every((l) => l.startsWith("{")),
    ).toBe(true);
    expect(lines.map((r) => r.case)).toEqual(CASES);
    for (const r of lines) expect(r).not.toHaveProperty("error");
    expect(JSON.parse(readFileSync(jsonOut, "utf8"))).toEqual(lines);
    expect(run.stdout).toMatch(/^bge-m3 bench: .*, CPU /m);
    expect(serversHere()).toEqual([]);
  });

  it("case 1: the same token ids as transformers.js and a latency for every contender", () => {
    const r = result(1);
    expect(r.same_token_ids).toBe(true);
    for (const who of ["engine", "bare_session_run", "transformers_js", "http"])
      expect(num(r, who, "p50_ms"), who).toBeGreaterThan(0);
    expect(num(r, "http_dense_max_abs_diff")).toBeLessThan(1e-6);
    expect(r.http_over_bare_defaults_p50).toBeGreaterThan(0);
  });

  it.runIf(FULL)("case 2: tokens counted and a throughput for the engine and transformers.js", () => {
    const r = result(2);
    expect(r.total_tokens).toBeGreaterThan(0);
    for (const who of ["engine", "transformers_js", "http"]) {
      expect(num(r, who, "texts_per_s"), who).toBeGreaterThan(0);
      expect(num(r, who, "tokens_per_s"), who).toBeGreaterThan(0);
    }
    expect(r.naive_loop_over_http).toBeGreaterThan(0);
    expect(r.transformers_js_batch8_over_http).toBeGreaterThan(0);
    // One ratio per round, from the loop and the server run back to back.
    const rounds = r.naive_loop_over_http_rounds as number[];
    expect(rounds).toHaveLength(r.repeats as number);
    for (const ratio of rounds) expect(ratio).toBeGreaterThan(0);
  });

  it.runIf(FULL)("case 4: tokens encoded and a peak RSS no lower than the RSS after loading", () => {
    const r = result(4);
    expect(r.tokens_encoded).toBeGreaterThan(0);
    expect(num(r, "peak_rss_mb")).toBeGreaterThanOrEqual(num(r, "rss_after_load_mb"));
  });

  it.runIf(FULL)("case 5: a MatMul peak and the encoder's share of it", () => {
    const r = result(5);
    expect(r.peak_gflop_per_s).toBeGreaterThan(0);
    expect(r.percent_of_peak).toBeGreaterThan(0);
  });

  it.runIf(FULL)("case 12: the pair through /api/similarity, its server timing and size, and both bare runs", () => {
    const r = result(12);
    expect(num(r, "text_tokens", "a")).toBeGreaterThanOrEqual(2048);
    expect(num(r, "text_tokens", "b")).toBeGreaterThanOrEqual(2048);
    for (const who of ["http", "http_scores_only", "http_base64", "bare_a", "bare_b"])
      expect(num(r, who, "p50_ms"), who).toBeGreaterThan(0);
    expect(num(r, "server_timing_ms", "total")).toBeGreaterThanOrEqual(num(r, "server_timing_ms", "encode"));
    expect(num(r, "answer_bytes")).toBeGreaterThan(num(r, "base64_answer_bytes"));
    expect(r.http_over_bare_p50).toBeGreaterThan(0);
  });

  it("ends with the targets, a verdict (PASS or MISS) for each case that ran", () => {
    expect(targetsOf(run)).toMatch(/^\| target \| measured \| verdict \|/);
    const row = (prefix: string) => targetRows(run, prefix)[0] ?? "";
    expect(row("case 1:")).toMatch(/\| (PASS|MISS) \|$/);
    if (FULL) expect(row("case 2:")).toMatch(/\| (PASS|MISS) \|$/);
    if (FULL) expect(row("case 12:")).toMatch(/\| (PASS|MISS) \|$/);
    else expect(row("case 12:")).toMatch(/\| not run \| – \|$/);
    expect(row("case 3:")).toMatch(/\| not run \| – \|$/);
    expect(row("case 6:")).toMatch(/\| not run \| – \|$/);
    expect(row("case 8:")).toMatch(/\| not run \| – \|$/);
  });

  it.runIf(FULL)(
    "case 8: its JSON line with every measurement, all requests answered, memory sampled, its servers stopped",
    () => {
      const run8Done = run8!;
      expect(run8Done.status, run8Done.stderr.slice(-2000)).toBe(0);
      expect(jsonLines(run8Done).map((r) => r.case)).toEqual([8]);
      expect(case8).not.toHaveProperty("error");
      expect(case8).toMatchObject({ variant: "fp32", quick: true, threads: expect.any(Number) });
      expect(case8.server_threads).toBe(case8.threads);
      expect(case8.model_dir).toBe(path.resolve(TINY));
      expect(Array.isArray(case8.cpu_flags)).toBe(true);
      expect(typeof case8.attention_env_in_engine_source).toBe("boolean");
      expect(case8.memory_budget_mb === null || typeof case8.memory_budget_mb === "number").toBe(true);
      for (const who of ["chunked", "full"]) {
        expect(field(case8, "single", who, "all_200"), who).toBe(true);
        expect(num(case8, "single", who, "median_seconds"), who).toBeGreaterThan(0);
        const [r] = field(case8, "single", who, "runs") as Json[];
        expect(num(r!, "tokens")).toBe(num(case8, "single", "text_tokens"));
        expect(num(r!, "memory", "samples")).toBeGreaterThanOrEqual(2);
        expect(num(r!, "memory", "peak_rss_mb")).toBeGreaterThanOrEqual(num(r!, "memory", "idle_rss_mb"));
        expect(num(r!, "memory", "idle_rss_mb")).toBeGreaterThan(0);
      }
      for (const load of ["long", "medium"]) {
        const l = field(case8, "concurrent", load) as Json;
        expect(l, load).toMatchObject({ all_200: true, health_after: 200, server_alive: true, wait_s: 5 });
        expect((l.text_tokens as number[]).length).toBe(l.clients);
        expect(num(l, "rss_after_wait_mb")).toBeGreaterThan(0);
      }
      expect(num(case8, "queries", "long_with_queries_seconds")).toBeGreaterThan(0);
      expect(num(case8, "queries", "query", "runs")).toBeGreaterThan(0);
      expect(field(case8, "queries", "query_statuses")).toEqual({ "200": num(case8, "queries", "query", "runs") });
      expect(field(case8, "short", "errors")).toBe(0);
      for (const who of ["chunked", "full"]) expect(num(case8, "short", who, "runs")).toBeGreaterThanOrEqual(30);
      expect(run8Done.stdout).toMatch(/\| 8 long inputs \(CPU /);
      const rows = targetRows(run8Done, "case 8:");
      expect(rows).toHaveLength(8);
      for (const row of rows) expect(row).toMatch(/\| (PASS|MISS|–) \|$/);
      expect(serversHere()).toEqual([]);
    },
  );
});

describe("npm run bench refuses", () => {
  it("a missing model with exit code 2, pointing at the README's Benchmark section", async () => {
    const r = await bench("--model", "/nonexistent", "--quick");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/No model at \/nonexistent/);
    expect(r.stderr).toMatch(/README, section Benchmark/);
    expect(r.stdout).toBe("");
  });

  it.each([
    [["--cases", "13"], /--cases must list numbers from 1 to \d+, got "13"/],
    [["--repeats", "0"], /--repeats must be a positive integer/],
  ])("%j with exit code 2 and the usage text", async (args, message) => {
    const r = await bench("--model", TINY, "--quick", ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("npm run bench -- [--model DIR]");
    expect(r.stderr).toContain("--json-out FILE");
    expect(r.stdout).toBe("");
  });
});
