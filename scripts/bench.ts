/**
 * `npm run bench`: how fast and how big this engine is on this machine, against transformers.js, a bare
 * session.run, the server with and without dynamic batching, and the machine's own fp32 MatMul peak.
 *
 *   npm run bench -- [--model DIR] [--variant fp32|int8] [--cases 1,…,12] [--repeats N] [--quick]
 *                    [--also GRAPH[,GRAPH]] [--json-out FILE]
 *   npm run bench -- --model models/bge-m3-tiny --quick       # a try on the bundled test model, well under a minute
 *
 * One JSON line per case on stdout, then a summary with the targets (PASS/MISS); progress goes to stderr.
 * Cases 1, 2, 4, 5, 7, 9, 10, 11 and 12 each run in a fresh child process (same script, hidden --child N); cases 3, 6
 * and 8 start the production server (scripts/start.mjs, NEXT_DIST_DIR=.next-bench, built first when missing or stale;
 * port 7882, case 8 free ports, one server per measurement), and so do cases 1, 2 and 12 from their child (a free
 * port) for their HTTP contender.
 */
import { writeFileSync } from "node:fs";
import { reportToParent, runInChild, running } from "./bench/children";
import { case3, case6 } from "./bench/http";
import { case1, case2, case4, case5 } from "./bench/inproc";
import { case7 } from "./bench/int8";
import { case8 } from "./bench/long";
import { type BenchOptions, base, HELP, missingModel, parseOptions, UsageError } from "./bench/options";
import { case10 } from "./bench/output";
import { case12 } from "./bench/pair";
import { case9 } from "./bench/remote";
import { summary } from "./bench/summary";
import { progress } from "./bench/timing";
import { case11 } from "./bench/tokenizer";
import type { CaseResult } from "./bench/types";

const IN_CHILD: Record<number, (opts: BenchOptions) => Promise<CaseResult>> = {
  1: case1,
  2: case2,
  4: case4,
  5: case5,
  7: case7,
  9: case9,
  10: case10,
  11: case11,
  12: case12,
};
const IN_SERVER: Record<number, (opts: BenchOptions) => Promise<CaseResult>> = { 3: case3, 6: case6, 8: case8 };

async function runCase(n: number, opts: BenchOptions): Promise<CaseResult> {
  const started = Date.now();
  progress(`case ${n} (${base(opts, n).name})...`);
  try {
    const result = IN_CHILD[n] ? ((await runInChild(n, opts.argv)) as CaseResult) : await IN_SERVER[n]!(opts);
    progress(`case ${n} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    progress(`case ${n} failed: ${error}`);
    return { ...base(opts, n), error };
  }
}

async function main(): Promise<number> {
  let opts: BenchOptions | "help";
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"))) throw e;
    console.error(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (opts === "help") {
    console.log(HELP);
    return 0;
  }
  if (opts.child !== null) {
    reportToParent(await IN_CHILD[opts.child]!(opts));
    return 0;
  }
  const missing = missingModel(opts);
  if (missing) {
    console.error(missing);
    return 2;
  }
  const results = new Map<number, CaseResult>();
  for (const n of opts.cases) {
    const result = await runCase(n, opts);
    results.set(n, result);
    console.log(JSON.stringify(result));
  }
  console.log(summary(opts, results));
  if (opts.jsonOut) {
    writeFileSync(opts.jsonOut, `${JSON.stringify([...results.values()], null, 2)}\n`);
    progress(`wrote ${opts.jsonOut}`);
  }
  return [...results.values()].some((r) => "error" in r) ? 1 : 0;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    for (const child of running) child.kill("SIGTERM");
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
