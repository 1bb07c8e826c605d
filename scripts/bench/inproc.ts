/**
 * Cases that run inside one (child) process: 1 latency, 2 throughput, 4 one 8,192-token text, 5 hardware limit.
 * Each runs in a fresh child of scripts/bench.ts, so no case's sessions or memory peak leak into another's.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { EmbedResponse } from "../../lib/api/embed-contract";
import { Engine } from "../../lib/engine/engine";
import { createSession, hiddenStateOutput, runEncoder } from "../../lib/engine/ort";
import { loadTokenizer } from "../../lib/engine/tokenizer";
import { variantPath } from "../../lib/engine/variant";
import { prng } from "../lib/load";
import { statusBytes, threadCount, toMiB } from "../lib/proc";
import { type ApiServer, withApiServer } from "./api-server";
import { matmulBench } from "./matmul";
import { type BenchOptions, base } from "./options";
import { longText, mixedTexts, textOfTokens, untruncated } from "./texts";
import { type Contender, interleave, percentiles, progress, round } from "./timing";
import { embedCls, loadBaseline } from "./transformers";
import type { Case1, Case2, Case4, Case5, Throughput } from "./types";
import { userSession } from "./user-session";

const loadEngine = (opts: BenchOptions) =>
  Engine.load({ modelDir: opts.modelDir, threads: opts.threads, variant: opts.variant });

const toIds = (ids: readonly number[]) => BigInt64Array.from(ids, (i) => BigInt(i));

/** The /api/embed request of cases 1 and 2: dense vectors only (also the route's default mode). */
const embedBody = (texts: readonly string[]) => ({ texts, mode: "dense" });

export const case1 = (opts: BenchOptions): Promise<Case1> => withApiServer(opts, (api) => latency(opts, api));

async function latency(opts: BenchOptions, api: ApiServer): Promise<Case1> {
  const s = opts.sizes;
  const graph = variantPath(opts.modelDir, opts.variant);
  const engine = await loadEngine(opts);
  const { text, tokens } = textOfTokens(engine, s.shortTokens, 16);
  const ids = engine.tokenize(text).ids;
  const threadsBefore = threadCount();
  const { session } = await createSession(graph, { threads: opts.threads, thread: "caller" });
  const bareThreads = threadCount() - threadsBefore + 1;
  const plain = await userSession(graph);
  const output = hiddenStateOutput(session);
  const idsTensor = toIds(ids);
  const mask = new BigInt64Array(ids.length).fill(1n);
  const baseline = await loadBaseline(opts.modelDir, graph);
  const { extractor } = baseline;
  try {
    const hfIds = Array.from(extractor.tokenizer(text).input_ids.data as BigInt64Array, Number);
    const [rep] = await engine.encode([text]);
    const hfDense = await embedCls(extractor, text);
    let maxDiff = 0;
    rep!.dense.forEach((v, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(v - (hfDense[i] ?? Number.NaN)));
    });
    const served = JSON.parse((await api.post("/api/embed", embedBody([text]))).text) as EmbedResponse;
    const httpDense = served.embeddings![0] as number[];
    const httpDiff = Math.max(...Array.from(rep!.dense, (v, i) => Math.abs(v - (httpDense[i] ?? Number.NaN))));
    const t = await interleave(
      [
        { name: "engine", run: () => engine.encode([text]) },
        { name: "bare", run: () => runEncoder(session, output, idsTensor, mask, 1, ids.length) },
        { name: "bare_defaults", run: () => plain.run([ids]) },
        { name: "transformers_js", run: () => embedCls(extractor, text) },
        { name: "http", run: () => api.post("/api/embed", embedBody([text])) },
      ],
      { warmup: s.latencyWarmup, repeats: s.latencyRepeats, pauseMs: s.latencyPauseMs },
      "case 1",
    );
    const engineP = percentiles(t.ms.engine!);
    const hfP = percentiles(t.ms.transformers_js!);
    const bareP = percentiles(t.ms.bare!);
    const defaultsP = percentiles(t.ms.bare_defaults!);
    const httpP = percentiles(t.ms.http!);
    return {
      ...base(opts, 1),
      case: 1,
      text,
      text_tokens: tokens,
      warmup: s.latencyWarmup,
      order:
        "engine, bare session.run (ours), bare session.run (defaults), transformers.js, POST /api/embed; repeated, each round starting one later",
      pause_between_runs_ms: s.latencyPauseMs,
      engine: engineP,
      transformers_js: hfP,
      bare_session_run: bareP,
      bare_session_run_defaults: defaultsP,
      http: httpP,
      http_request: `POST /api/embed ${JSON.stringify(embedBody(["<text>"]))}, BGE_M3_CACHE_MB=0`,
      http_over_bare_defaults_p50: round(httpP.p50_ms / defaultsP.p50_ms),
      http_dense_max_abs_diff: httpDiff,
      build: api.build,
      engine_over_bare_p50: round(engineP.p50_ms / bareP.p50_ms),
      engine_over_bare_defaults_p50: round(engineP.p50_ms / defaultsP.p50_ms),
      engine_over_transformers_js_p50: round(engineP.p50_ms / hfP.p50_ms),
      transformers_js_threads_observed: baseline.threadsObserved,
      bare_session_threads_observed: bareThreads,
      transformers_js_session_options:
        "transformers.js defaults: no intraOpNumThreads (ONNX Runtime's default), spinning on; ours: " +
        `intraOpNumThreads ${opts.threads}, interOpNumThreads 1, allow_spinning 0`,
      same_token_ids: hfIds.join() === ids.join(),
      dense_max_abs_diff: maxDiff,
    };
  } finally {
    await session.release();
    await plain.release();
    await extractor.dispose();
    baseline.layout.remove();
  }
}

function throughput(ms: readonly number[], texts: number, tokens: number): Throughput {
  const median = percentiles(ms).p50_ms / 1000;
  return {
    median_s: round(median),
    runs_s: ms.map((x) => round(x / 1000)),
    texts_per_s: round(texts / median, 2),
    tokens_per_s: round(tokens / median, 1),
  };
}

/** Two runs as one contender: both, one after the other, the first in turn; `ms` holds each one's times. */
function backToBack(runs: Record<string, () => Promise<unknown>>) {
  const names = Object.keys(runs);
  const ms: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  let round = 0;
  const run = async () => {
    const order = round++ % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const t0 = performance.now();
      await runs[name]!();
      ms[name]!.push(performance.now() - t0);
    }
  };
  return { run, ms };
}

export const case2 = (opts: BenchOptions): Promise<Case2> => withApiServer(opts, (api) => mixed(opts, api));

async function mixed(opts: BenchOptions, api: ApiServer): Promise<Case2> {
  const s = opts.sizes;
  const graph = variantPath(opts.modelDir, opts.variant);
  const engine = await loadEngine(opts);
  const { texts, tokens } = mixedTexts(engine, s.mixedCount, s.mixedMin, s.mixedMax);
  const total = tokens.reduce((a, b) => a + b, 0);
  const longest = Math.max(...tokens);
  progress(`case 2: ${texts.length} texts, ${total} tokens (${Math.min(...tokens)}–${longest} each)`);
  const baseline = await loadBaseline(opts.modelDir, graph);
  const { extractor } = baseline;
  try {
    const engineRun = () => engine.encode(texts);
    const plain = await userSession(graph);
    const sortedIds = texts.map((t) => engine.tokenize(t).ids).sort((a, b) => a.length - b.length);
    const naiveLoop = async () => {
      for (let i = 0; i < sortedIds.length; i += 4) await plain.run(sortedIds.slice(i, i + 4));
    };
    const oneCall = () => embedCls(extractor, texts);
    const batch8 = async () => {
      for (let i = 0; i < texts.length; i += 8) await embedCls(extractor, texts.slice(i, i + 8));
    };
    const http = () => api.post("/api/embed", embedBody(texts));
    // Warm-up by hand: the one-call run may fail (out of memory) or be so slow that batches of 8 join in.
    let t0 = performance.now();
    await engineRun();
    const engineWarm = performance.now() - t0;
    let hfError: string | null = null;
    let hfWarm = Number.POSITIVE_INFINITY;
    try {
      t0 = performance.now();
      await oneCall();
      hfWarm = performance.now() - t0;
    } catch (e) {
      hfError = e instanceof Error ? e.message : String(e);
    }
    progress(
      `case 2 warm-up: engine ${(engineWarm / 1000).toFixed(2)} s, transformers.js ${hfError ?? `${(hfWarm / 1000).toFixed(2)} s`}`,
    );
    const batch8Reason = hfError
      ? "one call failed; batches of 8 are what a user does next"
      : "transformers.js' documented pipeline, in batches of 8 as well as in one call";
    await batch8();
    await naiveLoop();
    await http();
    // The loop and the server run back to back, each first in every other round, so the target's ratio is taken in
    // one minute of each round, out of the machine's drift over the minutes transformers.js takes.
    const pair = backToBack({ naive_loop: naiveLoop, http });
    const contenders: Contender[] = [
      { name: "engine", run: engineRun },
      { name: "loop_and_http", run: pair.run },
    ];
    if (!hfError) contenders.push({ name: "transformers_js", run: oneCall });
    contenders.push({ name: "batch8", run: batch8 });
    const t = await interleave(contenders, { warmup: 0, repeats: s.repeats }, "case 2");
    const eng = throughput(t.ms.engine!, texts.length, total);
    const hf = t.ms.transformers_js ? throughput(t.ms.transformers_js, texts.length, total) : null;
    const b8 = t.ms.batch8 ? throughput(t.ms.batch8, texts.length, total) : null;
    const naive = throughput(pair.ms.naive_loop!, texts.length, total);
    const served = throughput(pair.ms.http!, texts.length, total);
    await plain.release();
    return {
      ...base(opts, 2),
      case: 2,
      texts: texts.length,
      total_tokens: total,
      min_tokens: Math.min(...tokens),
      max_tokens: longest,
      transformers_js_padded_tokens: texts.length * longest,
      repeats: s.repeats,
      engine: eng,
      naive_sorted_loop: naive,
      engine_speedup_over_naive_loop: round(naive.median_s / eng.median_s),
      transformers_js: hf,
      transformers_js_error: hfError,
      transformers_js_batch8: b8,
      batch8_reason: batch8Reason,
      engine_speedup_over_transformers_js: hf ? round(hf.median_s / eng.median_s) : null,
      engine_speedup_over_transformers_js_batch8: b8 ? round(b8.median_s / eng.median_s) : null,
      http: served,
      http_request: `POST /api/embed ${JSON.stringify(embedBody(["<every text>"]))}, BGE_M3_CACHE_MB=0`,
      naive_loop_over_http: round(naive.median_s / served.median_s),
      transformers_js_batch8_over_http: b8 ? round(b8.median_s / served.median_s) : null,
      naive_loop_over_http_rounds: pair.ms.naive_loop!.map((ms, i) => round(ms / pair.ms.http![i]!)),
      build: api.build,
    };
  } finally {
    await extractor.dispose();
    baseline.layout.remove();
  }
}

export async function case4(opts: BenchOptions): Promise<Case4> {
  const s = opts.sizes;
  // The text is made before the model loads, with the (cached) tokenizer the engine then reuses.
  const tokenizer = await loadTokenizer(opts.modelDir);
  const { text, tokens } = longText(untruncated(tokenizer), s.longPieces);
  const engine = await loadEngine(opts);
  const rssLoad = statusBytes("self", "VmRSS");
  const hwmLoad = statusBytes("self", "VmHWM");
  await engine.encode(["a short warm-up text"]);
  progress(`case 4: encoding one text of ${tokens} pieces (max_length ${engine.maxLength})`);
  const t0 = performance.now();
  const [rep] = await engine.encode([text]);
  const seconds = (performance.now() - t0) / 1000;
  const used = rep!.tokens.length;
  return {
    ...base(opts, 4),
    case: 4,
    target_pieces: s.longPieces,
    text_pieces_before_truncation: tokens,
    tokens_encoded: used,
    truncated: rep!.truncated,
    note:
      s.longPieces < 8190
        ? `--quick: a ${s.longPieces}-piece text instead of one of ≥ 8,190 pieces, so not the 8,192-token case`
        : null,
    seconds: round(seconds),
    tokens_per_s: round(used / seconds, 1),
    rss_after_load_mb: toMiB(rssLoad),
    peak_rss_after_load_mb: toMiB(hwmLoad),
    peak_rss_mb: toMiB(statusBytes("self", "VmHWM")),
  };
}

interface EncoderConfig {
  hidden: number;
  layers: number;
  intermediate: number;
  vocab: number;
}

function encoderConfig(modelDir: string): EncoderConfig {
  const c = JSON.parse(readFileSync(path.join(modelDir, "config.json"), "utf8")) as Record<string, number>;
  return {
    hidden: c.hidden_size!,
    layers: c.num_hidden_layers!,
    intermediate: c.intermediate_size!,
    vocab: c.vocab_size!,
  };
}

/** Encoder FLOPs: per layer 2·b·n·(4h² + 2hf) for the linear layers, 2·2·b·n²·h for QKᵀ and attention·V. */
export function encoderFlops(c: EncoderConfig, b: number, n: number): number {
  const h = c.hidden;
  return c.layers * (2 * b * n * (4 * h * h + 2 * h * c.intermediate) + 4 * b * n * n * h);
}

export async function case5(opts: BenchOptions): Promise<Case5> {
  const s = opts.sizes;
  const cfg = encoderConfig(opts.modelDir);
  const shapes = [
    { m: s.matmulM, k: 1024, n: 4096 },
    { m: s.matmulM, k: 4096, n: 1024 },
    { m: s.matmulM, k: 1024, n: 1024 },
  ];
  const matmul = await matmulBench(shapes, opts.threads, s.matmulRepeats);
  const peak = Math.max(...matmul.map((x) => x.gflop_per_s));

  const { session } = await createSession(variantPath(opts.modelDir, opts.variant), {
    threads: opts.threads,
    thread: "caller",
  });
  try {
    const output = hiddenStateOutput(session);
    const b = s.encoderBatch;
    const n = s.encoderSeq;
    const rand = prng(5);
    const ids = BigInt64Array.from({ length: b * n }, () => BigInt(5 + Math.floor(rand() * (cfg.vocab - 5))));
    for (let r = 0; r < b; r++) {
      ids[r * n] = 0n; // <s>
      ids[r * n + n - 1] = 2n; // </s>
    }
    const mask = new BigInt64Array(b * n).fill(1n);
    const t = await interleave(
      [{ name: "encoder", run: () => runEncoder(session, output, ids, mask, b, n) }],
      { warmup: 1, repeats: s.repeats },
      `case 5 encoder ${b}×${n}`,
    );
    const ms = t.ms.encoder!;
    const medianS = percentiles(ms).p50_ms / 1000;
    const gflop = encoderFlops(cfg, b, n) / 1e9;
    const achieved = gflop / medianS;
    return {
      ...base(opts, 5),
      case: 5,
      peak_kind: "fp32 MatMul",
      matmul,
      peak_gflop_per_s: round(peak, 1),
      encoder: {
        batch: b,
        seq: n,
        hidden: cfg.hidden,
        layers: cfg.layers,
        intermediate: cfg.intermediate,
        gflop: round(gflop, 3),
        median_s: round(medianS, 4),
        runs_s: ms.map((x) => round(x / 1000, 4)),
        gflop_per_s: round(achieved, 1),
      },
      percent_of_peak: round((100 * achieved) / peak, 1),
      note:
        (opts.variant === "int8" ? "int8 graph measured against the fp32 MatMul peak (int8 can exceed it). " : "") +
        "Encoder FLOPs count the linear layers and attention matmuls only (no softmax, layer norm, GELU, embeddings); " +
        "the bare session.run includes ONNX Runtime's own overhead.",
    };
  } finally {
    await session.release();
  }
}
