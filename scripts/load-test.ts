/**
 * Load test against a real production server on 127.0.0.1: 32 concurrent clients send 500 requests, first with
 * batching on, then off. Every answer must equal the same request's answer made one at a time (within 1e-5), and
 * no request may fail. Prints requests/s and p95 latency for both.
 *
 *   npx tsx scripts/load-test.ts [--requests 500] [--concurrency 32] [--rounds 3] [--port 7881]
 *   npx tsx scripts/load-test.ts --external --port 7881   # one pass against a server you started yourself
 *   npx tsx scripts/load-test.ts --workload queries       # short single-text requests instead of the mixed load
 *
 * The server is `node scripts/start.mjs` with NEXT_DIST_DIR=.next-api, PORT=7881, BGE_M3_MODEL_DIR=models/bge-m3-tiny
 * and the cache off (BGE_M3_CACHE_MB=0), so every request runs inference. With --rounds N the concurrent pass runs N
 * times per mode and the medians are printed. Exit code 1 on any error or mismatch. The build in .next-api is made
 * (NEXT_DIST_DIR=.next-api next build, tsconfig.json put back afterwards) when it is missing or stale.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { type Answer, pass as clientPass, median, prng, quantile, queries, type Req } from "./lib/load";
import { ensureBuild, externalServer, ROOT as root, type Server, startServer, stopServer } from "./lib/server";

const { values: args } = parseArgs({
  options: {
    requests: { type: "string", default: "500" },
    concurrency: { type: "string", default: "32" },
    rounds: { type: "string", default: "1" },
    /** mixed: every route, 1–6 texts of 1–1,500 characters; queries: one short text per /v1/embeddings request. */
    workload: { type: "string", default: "mixed" },
    port: { type: "string", default: "7881" },
    "model-dir": { type: "string", default: "models/bge-m3-tiny" },
    /** Test a server that is already running on --port (one pass, whatever its settings) instead of starting two. */
    external: { type: "boolean", default: false },
  },
});
const REQUESTS = Number(args.requests);
const CONCURRENCY = Number(args.concurrency);
const ROUNDS = Number(args.rounds);
const PORT = Number(args.port);
const DIST_DIR = ".next-api";
const BASE = `http://127.0.0.1:${PORT}`;
const TOLERANCE = 1e-5;

if (PORT === 7860 || PORT === 7870) throw new Error(`port ${PORT} belongs to other work; use 7881`);

// ---------------------------------------------------------------- workload

function corpus(): string[] {
  const texts = new Set<string>();
  for (const file of ["bge-m3-tiny-pairs.json", "bge-m3-tiny-extra-pairs.json"]) {
    const { pairs } = JSON.parse(readFileSync(path.join(root, "tests/fixtures", file), "utf8")) as {
      pairs: { a: string; b: string }[];
    };
    for (const p of pairs) for (const t of [p.a, p.b]) if (t.length <= 1500) texts.add(t);
  }
  const words = "retrieval dense sparse lexical vector token model query document search rank hybrid weight".split(" ");
  const rand = prng(7);
  for (let i = 0; i < 120; i++) {
    const n = 3 + Math.floor(rand() * rand() * 250);
    const sentence = Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(" ");
    texts.add(`${sentence} #${i}`);
  }
  return [...texts];
}

function workload(n: number): Req[] {
  if (args.workload === "queries") return queries(n);
  if (args.workload !== "mixed") throw new Error(`--workload must be mixed or queries, got ${args.workload}`);
  const texts = corpus();
  const rand = prng(42);
  const pick = () => texts[Math.floor(rand() * texts.length)]!;
  const some = (max: number) => Array.from({ length: 1 + Math.floor(rand() * max) }, pick);
  const modes = ["dense", "sparse", "colbert", "all"] as const;
  return Array.from({ length: n }, (): Req => {
    const r = rand();
    if (r < 0.6) return { path: "/api/embed", body: { texts: some(4), mode: modes[Math.floor(rand() * 4)] } };
    if (r < 0.75) {
      const format = rand() < 0.5 ? "float" : "base64";
      return { path: "/v1/embeddings", body: { input: some(3), model: "bge-m3", encoding_format: format } };
    }
    if (r < 0.9) return { path: "/api/rerank", body: { query: pick(), documents: some(6) } };
    return { path: "/api/similarity", body: { a: pick(), b: pick() } };
  });
}

// ---------------------------------------------------------------- comparison

/** Drops timings, decodes base64 vectors and orders rerank results by index, so answers compare by value. */
function normalise(route: string, json: unknown): unknown {
  const j = structuredClone(json) as Record<string, unknown>;
  delete j.timing_ms;
  if (route === "/v1/embeddings") {
    for (const d of j.data as { embedding: unknown }[]) {
      if (typeof d.embedding === "string") {
        const buf = Buffer.from(d.embedding, "base64");
        d.embedding = Array.from({ length: buf.length / 4 }, (_, i) => buf.readFloatLE(i * 4));
      }
    }
  }
  if (route === "/api/rerank") (j.results as { index: number }[]).sort((x, y) => x.index - y.index);
  return j;
}

/** The largest numeric difference between two JSON values, or a description of the first structural difference. */
function compare(a: unknown, b: unknown, at = "$"): { max: number; problem: string | null } {
  if (typeof a === "number" && typeof b === "number") return { max: Math.abs(a - b), problem: null };
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return { max: 0, problem: `${at}: length ${a.length} vs ${b.length}` };
    let max = 0;
    for (let i = 0; i < a.length; i++) {
      const r = compare(a[i], b[i], `${at}[${i}]`);
      if (r.problem) return r;
      max = Math.max(max, r.max);
    }
    return { max, problem: null };
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) return { max: 0, problem: `${at}: keys ${ka} vs ${kb}` };
    let max = 0;
    for (const k of ka) {
      const r = compare((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
      if (r.problem) return r;
      max = Math.max(max, r.max);
    }
    return { max, problem: null };
  }
  return a === b
    ? { max: 0, problem: null }
    : { max: 0, problem: `${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}` };
}

/** The comparison must see a difference just over the tolerance and a changed shape, or the test proves nothing. */
function selfCheck(): void {
  const base = { embeddings: [[0.5, 0.25]], usage: { tokens: 3 } };
  const ok =
    compare(base, structuredClone(base)).max === 0 &&
    compare(base, { embeddings: [[0.5, 0.25 + 2e-5]], usage: { tokens: 3 } }).max > TOLERANCE &&
    compare(base, { embeddings: [[0.5]], usage: { tokens: 3 } }).problem !== null &&
    compare(base, { embeddings: [[0.5, 0.25]], usage: { tokens: 4 } }).max > TOLERANCE;
  if (!ok) throw new Error("the answer comparison does not detect differences");
}

// ---------------------------------------------------------------- server

const launch = (batching: boolean): Promise<Server> =>
  startServer({
    distDir: DIST_DIR,
    port: PORT,
    env: {
      BGE_M3_MODEL_DIR: args["model-dir"],
      BGE_M3_BATCHING: batching ? "1" : "0",
      BGE_M3_CACHE_MB: "0",
    },
  });

const pass = (reqs: Req[], concurrency: number) => clientPass(BASE, reqs, concurrency);

// ---------------------------------------------------------------- passes

/** Inference batches so far, the texts and tokens in them, from the server's /metrics. */
async function batchStats(): Promise<{ batches: number; rows: number; tokens: number; padded: number }> {
  const text = await (await fetch(`${BASE}/metrics`)).text();
  const num = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
  return {
    batches: num("bge_m3_batch_size_count"),
    rows: num("bge_m3_batch_size_sum"),
    tokens: num("bge_m3_batch_tokens_sum"),
    padded: num("bge_m3_batch_padded_tokens_sum"),
  };
}

interface ModeResult {
  mode: string;
  rps: number[];
  p95: number[];
  errors: number;
  mismatches: number;
  maxDiff: number;
  batches: number;
  rows: number;
  tokens: number;
  padded: number;
  logLines: number;
}

const emptyResult = (mode: string): ModeResult => ({
  mode,
  rps: [],
  p95: [],
  errors: 0,
  mismatches: 0,
  maxDiff: 0,
  batches: 0,
  rows: 0,
  tokens: 0,
  padded: 0,
  logLines: 0,
});

/** Checks every answer of a pass against the sequential reference; adds the counts to `r`. */
function check(r: ModeResult, reqs: Req[], answers: Answer[], reference: unknown[]): void {
  answers.forEach((a, i) => {
    if (a.status !== 200) {
      r.errors++;
      if (r.errors <= 3) console.error(`${r.mode}: request ${i} → ${a.status}`, a.text.slice(0, 300));
      return;
    }
    const route = reqs[i]!.path;
    const c = compare(normalise(route, JSON.parse(a.text)), reference[i]);
    if (c.problem || c.max > TOLERANCE) {
      r.mismatches++;
      if (r.mismatches <= 3) console.error(`${r.mode}: request ${i} differs: ${c.problem ?? `max diff ${c.max}`}`);
    }
    r.maxDiff = Math.max(r.maxDiff, c.max);
  });
}

const settle = () => new Promise((res) => setTimeout(res, 300));

async function main(): Promise<void> {
  selfCheck();
  if (!args.external) await ensureBuild(DIST_DIR, console.log);
  const reqs = workload(REQUESTS);
  const count = (p: string) => reqs.filter((r) => r.path === p).length;
  console.log(
    `${REQUESTS} requests (${count("/api/embed")} embed, ${count("/v1/embeddings")} OpenAI, ${count("/api/rerank")} rerank, ` +
      `${count("/api/similarity")} similarity; workload ${args.workload}), ${CONCURRENCY} clients, ${ROUNDS} round(s), model ${args["model-dir"]}`,
  );
  const modes: (boolean | null)[] = args.external ? [null] : [true, false];
  const label = (b: boolean | null) => (b === null ? "external server" : b ? "batching on" : "batching off");
  const results = new Map(modes.map((b) => [b, emptyResult(label(b))]));
  let reference: unknown[] | null = null;
  let failed = false;
  // Modes alternate round by round, each on a fresh server, so a busy machine affects both alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const batching of modes) {
      const r = results.get(batching)!;
      const server = batching === null ? externalServer() : await launch(batching);
      try {
        if (!reference) {
          const seq = await pass(reqs, 1);
          const bad = seq.answers.filter((a) => a.status !== 200);
          console.log(
            `sequential reference (${r.mode}): ${(REQUESTS / seq.seconds).toFixed(1)} req/s, ` +
              `p95 ${quantile(
                seq.answers.map((a) => a.ms),
                0.95,
              ).toFixed(1)} ms, ${bad.length} errors`,
          );
          if (bad.length) {
            console.error("sequential error:", bad[0]!.text.slice(0, 300));
            process.exit(1);
          }
          reference = seq.answers.map((a, i) => normalise(reqs[i]!.path, JSON.parse(a.text)));
        } else {
          await pass(reqs.slice(0, CONCURRENCY * 2), CONCURRENCY); // warm-up
        }
        const before = await batchStats();
        await settle(); // every log line so far has arrived
        const linesBefore = server.requestLines();
        const { answers, seconds } = await pass(reqs, CONCURRENCY);
        r.rps.push(REQUESTS / seconds);
        r.p95.push(
          quantile(
            answers.map((a) => a.ms),
            0.95,
          ),
        );
        await settle();
        r.logLines += server.requestLines() - linesBefore;
        const after = await batchStats();
        r.batches += after.batches - before.batches;
        r.rows += after.rows - before.rows;
        r.tokens += after.tokens - before.tokens;
        r.padded += after.padded - before.padded;
        check(r, reqs, answers, reference);
        if (r.errors || r.mismatches) failed = true;
        console.log(
          `round ${round + 1}, ${r.mode}: ${(REQUESTS / seconds).toFixed(1)} req/s, p95 ${r.p95.at(-1)!.toFixed(1)} ms`,
        );
      } finally {
        await stopServer(server);
      }
    }
  }
  console.log("");
  console.log(
    "| mode | requests/s | p95 ms | errors | mismatches | max abs diff | texts per batch | padded/real tokens | request log lines |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of results.values()) {
    console.log(
      `| ${r.mode} | ${median(r.rps).toFixed(1)} | ${median(r.p95).toFixed(1)} | ${r.errors} | ${r.mismatches} | ` +
        `${r.maxDiff.toExponential(2)} | ${(r.rows / r.batches).toFixed(1)} | ${(r.padded / r.tokens).toFixed(2)} | ` +
        `${r.logLines} |`,
    );
  }
  if (ROUNDS > 1) console.log(`(requests/s and p95 are medians over ${ROUNDS} rounds)`);
  console.log(failed ? "FAILED" : `OK: no errors, every answer equals its sequential answer within ${TOLERANCE}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
