/**
 * Case 11: the tokenizer on the real 250,002-piece XLM-R vocabulary (tests/fixtures/xlmr-tokenizer, the same pieces
 * as bge-m3's): its first load (which parses tokenizer.json and writes the vocabulary table) and the memory it keeps,
 * in a fresh child, then a short query and a 30,000-character text, then loads from the table, each in a fresh
 * process of its own. Hugging Face's Rust tokenizer, the reference, is timed the same way where a Python with
 * `tokenizers` is at hand (BENCH_PYTHON, default python3; it is not part of the product).
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { loadTokenizer } from "../../lib/engine/tokenizer";
import { statusBytes, toMiB } from "../lib/proc";
import { xlmrVocabularyDir } from "../lib/xlmr-vocabulary";
import { tsxLoader } from "./children";
import { type BenchOptions, base } from "./options";
import { percentiles, round } from "./timing";
import type { Case11, RustTokenizer } from "./types";

const QUERY = "What is the capital of France?";
const LONG = "Die Hauptstadt von Frankreich ist Paris. 北京是中国的首都，也是一座历史名城。 "
  .repeat(600)
  .slice(0, 30_000);

function timed(n: number, run: () => void): number[] {
  return Array.from({ length: n }, () => {
    const t = performance.now();
    run();
    return performance.now() - t;
  });
}

const RUST = `
import json, resource, sys, time
def rss():
    for l in open('/proc/self/status'):
        if l.startswith('VmRSS'): return int(l.split()[1]) * 1024
from tokenizers import Tokenizer
before = rss(); t = time.perf_counter(); tok = Tokenizer.from_file(sys.argv[1]); load = time.perf_counter() - t
after = rss()
def per(n, text):
    t = time.perf_counter()
    for _ in range(n): tok.encode(text)
    return (time.perf_counter() - t) / n
print(json.dumps({"load_ms": load * 1000, "rss_added_mb": (after - before) / 2**20,
  "query_us": per(2000, sys.argv[2]) * 1e6, "long_ms": per(10, sys.argv[3]) * 1000}))
`;

/** The Rust tokenizer's figures, or why there are none. */
function rustTokenizer(file: string): RustTokenizer | { unavailable: string } {
  const python = process.env.BENCH_PYTHON || "python3";
  const r = spawnSync(python, ["-c", RUST, file, QUERY, LONG], { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0)
    return { unavailable: (r.stderr || r.error?.message || "python3 failed").trim().split("\n").at(-1)! };
  const v = JSON.parse(r.stdout) as RustTokenizer;
  return {
    load_ms: round(v.load_ms),
    rss_added_mb: round(v.rss_added_mb),
    query_us: round(v.query_us),
    long_ms: round(v.long_ms),
  };
}

const TOKENIZER_MODULE = pathToFileURL(path.resolve("lib/engine/tokenizer/index.ts")).href;

/** One load of the tokenizer of `dir` in a new Node process with this one's loader: milliseconds. */
function loadInFreshProcess(dir: string): number {
  const script = `const { loadTokenizer } = await import(${JSON.stringify(TOKENIZER_MODULE)});
const t = performance.now(); await loadTokenizer(${JSON.stringify(dir)}); console.log(performance.now() - t);`;
  const r = spawnSync(process.execPath, [...tsxLoader(), "--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 120_000,
  });
  const ms = Number(r.stdout.trim().split("\n").at(-1));
  if (r.status !== 0 || !Number.isFinite(ms)) throw new Error(`the tokenizer did not load: ${r.stderr.trim()}`);
  return ms;
}

/** A full garbage collection, so the heap and RSS read after loading hold what the tokenizer keeps. */
function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

export async function case11(opts: BenchOptions): Promise<Case11> {
  const dir = xlmrVocabularyDir();
  try {
    collectGarbage();
    const rssBefore = statusBytes("self", "VmRSS");
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const tok = await loadTokenizer(dir);
    const loadMs = performance.now() - t0;
    collectGarbage();
    const heapAdded = process.memoryUsage().heapUsed - heapBefore;
    const rssAdded = statusBytes("self", "VmRSS") - rssBefore;
    timed(2000, () => tok.encode(QUERY, 8192));
    const query = percentiles(timed(20_000, () => tok.encode(QUERY, 8192)));
    const long = percentiles(timed(Math.max(5, opts.sizes.repeats), () => tok.encode(LONG, 1_000_000)));
    const fromTable = Array.from({ length: Math.max(3, opts.sizes.repeats) }, () => loadInFreshProcess(dir));
    return {
      ...base(opts, 11),
      case: 11,
      vocabulary: tok.vocabSize,
      first_load_ms: round(loadMs),
      load_ms: round(percentiles(fromTable).p50_ms),
      load_runs_ms: fromTable.map((ms) => round(ms)),
      heap_added_mb: toMiB(heapAdded),
      rss_added_mb: toMiB(rssAdded),
      query_us: round(query.p50_ms * 1000),
      long_text_chars: LONG.length,
      long_text_ms: long.p50_ms,
      rust: rustTokenizer(path.join(dir, "onnx", "tokenizer.json")),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
