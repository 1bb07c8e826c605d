/**
 * A smoke test of `npm run bench` on the bundled test model, through its public output only (exit code, the JSON
 * lines on stdout, --json-out, the summary). Speed is not asserted: on the tiny model the ratios mean nothing.
 * Nothing here reaches the network: transformers.js is loaded from local files only (scripts/bench/transformers.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTsxScript, type ScriptRun } from "./helpers/run-script";

const bench = (...args: string[]) => runTsxScript("scripts/bench.ts", args);
const TINY = "models/bge-m3-tiny";
const CASES = [1, 2, 4, 5];

type Json = Record<string, unknown>;
/** A field of a result, for nested reads such as `num(r, "engine", "p50_ms")`. */
const field = (r: Json, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v as Json | null | undefined)?.[k], r);
const num = (r: Json, ...keys: string[]) => field(r, ...keys) as number;

describe("npm run bench on the test model (--quick, cases 1, 2, 4, 5)", () => {
  let dir: string;
  let jsonOut: string;
  let run: ScriptRun;
  let lines: Json[];
  const result = (n: number) => lines.find((r) => r.case === n)!;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "bge-m3-bench-test-"));
    jsonOut = path.join(dir, "results.json");
    run = await bench("--model", TINY, "--quick", "--cases", CASES.join(","), "--json-out", jsonOut);
    lines = run.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Json);
  }, 300_000);
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
  });

  it("case 1: the same token ids as transformers.js and a latency for every contender", () => {
    const r = result(1);
    expect(r.same_token_ids).toBe(true);
    for (const who of ["engine", "bare_session_run", "transformers_js"])
      expect(num(r, who, "p50_ms"), who).toBeGreaterThan(0);
  });

  it("case 2: tokens counted and a throughput for the engine and transformers.js", () => {
    const r = result(2);
    expect(r.total_tokens).toBeGreaterThan(0);
    for (const who of ["engine", "transformers_js"]) {
      expect(num(r, who, "texts_per_s"), who).toBeGreaterThan(0);
      expect(num(r, who, "tokens_per_s"), who).toBeGreaterThan(0);
    }
  });

  it("case 4: tokens encoded and a peak RSS no lower than the RSS after loading", () => {
    const r = result(4);
    expect(r.tokens_encoded).toBeGreaterThan(0);
    expect(num(r, "peak_rss_mb")).toBeGreaterThanOrEqual(num(r, "rss_after_load_mb"));
  });

  it("case 5: a MatMul peak and the encoder's share of it", () => {
    const r = result(5);
    expect(r.peak_gflop_per_s).toBeGreaterThan(0);
    expect(r.percent_of_peak).toBeGreaterThan(0);
  });

  it("ends with the targets, a verdict (PASS or MISS) for each case that ran", () => {
    const summary = run.stdout.slice(run.stdout.indexOf("| target | measured | verdict |"));
    expect(summary).toMatch(/^\| target \| measured \| verdict \|/);
    const row = (prefix: string) => summary.split("\n").find((l) => l.startsWith(`| ${prefix}`)) ?? "";
    expect(row("case 1:")).toMatch(/\| (PASS|MISS) \|$/);
    expect(row("case 2:")).toMatch(/\| (PASS|MISS) \|$/);
    expect(row("case 3:")).toMatch(/\| not run \| – \|$/);
    expect(row("case 6:")).toMatch(/\| not run \| – \|$/);
  });
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
    [["--cases", "9"], /--cases must list numbers from 1 to \d+, got "9"/],
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
