/** What each bench case reports (one JSON line each; field names are the JSON keys). */
import type { BatchingCeiling } from "./batching-ceiling";
import type { Percentiles } from "./timing";

interface Base {
  case: number;
  name: string;
  model_dir: string;
  variant: string;
  threads: number;
  quick: boolean;
}

export interface FailedCase extends Base {
  error: string;
}

export interface Case1 extends Base {
  case: 1;
  text: string;
  text_tokens: number;
  warmup: number;
  order: string;
  pause_between_runs_ms: number;
  engine: Percentiles;
  transformers_js: Percentiles;
  /** The same session.run with this project's session options (spinning off, intra-op threads = `threads`). */
  bare_session_run: Percentiles;
  /** `InferenceSession.create(path)` with onnxruntime's defaults, as a user writes it. */
  bare_session_run_defaults: Percentiles;
  /** The round trip of one request to the production server (started by the case, cache off), `http_request`. */
  http: Percentiles;
  http_request: string;
  /** The target's figure: what a user of the server waits, against the session they would write themselves. */
  http_over_bare_defaults_p50: number;
  /** The served dense vector against engine.encode's in this process. */
  http_dense_max_abs_diff: number;
  build: string;
  engine_over_bare_defaults_p50: number;
  /** What engine.encode does beyond the bare run: tokenize, tensors, dense+sparse+ColBERT heads. */
  engine_over_bare_p50: number;
  engine_over_transformers_js_p50: number;
  /** ONNX Runtime threads transformers.js' session started (+1 for the calling thread), counted in /proc. */
  transformers_js_threads_observed: number;
  /** The same count for the bare session made with `threads`, to show the count is right. */
  bare_session_threads_observed: number;
  transformers_js_session_options: string;
  same_token_ids: boolean;
  dense_max_abs_diff: number;
}

export interface Throughput {
  median_s: number;
  runs_s: number[];
  texts_per_s: number;
  tokens_per_s: number;
}

export interface Case2 extends Base {
  case: 2;
  texts: number;
  total_tokens: number;
  min_tokens: number;
  max_tokens: number;
  /** transformers.js pads every text of one call to the longest: rows × longest. */
  transformers_js_padded_tokens: number;
  repeats: number;
  engine: Throughput;
  /** A plain loop over length-sorted batches of 4 through a session with onnxruntime's defaults. */
  naive_sorted_loop: Throughput;
  engine_speedup_over_naive_loop: number;
  transformers_js: Throughput | null;
  transformers_js_error: string | null;
  transformers_js_batch8: Throughput | null;
  batch8_reason: string;
  engine_speedup_over_transformers_js: number | null;
  engine_speedup_over_transformers_js_batch8: number | null;
  /** Every text in one request to the production server (started by the case, cache off), `http_request`. */
  http: Throughput;
  http_request: string;
  /** The targets' figures: each baseline's time over the server's. */
  naive_loop_over_http: number;
  transformers_js_batch8_over_http: number | null;
  /** The loop's time over the server's in each round, where the two ran back to back (the machine's drift left out). */
  naive_loop_over_http_rounds: number[];
  build: string;
}

export interface HttpMode {
  requests_per_s: number;
  p95_ms: number;
  p50_ms: number;
  rounds_requests_per_s: number[];
  rounds_p95_ms: number[];
  errors: number;
  /** VmHWM of the server process after each round (the one holding the model). */
  server_peak_rss_mb: number[];
}

export interface Case3 extends Base {
  case: 3;
  clients: number;
  requests_per_round: number;
  rounds_per_mode: number;
  cache_mb: 0;
  on: HttpMode;
  off: HttpMode;
  requests_per_s_on_over_off: number;
  p95_on_over_off: number;
  /** The most batching can add on this CPU: the first `clients` queries through the engine, alone against together. */
  engine_batching_ceiling: BatchingCeiling;
  build: string;
}

export interface Case4 extends Base {
  case: 4;
  target_pieces: number;
  text_pieces_before_truncation: number;
  tokens_encoded: number;
  truncated: boolean;
  note: string | null;
  seconds: number;
  tokens_per_s: number;
  rss_after_load_mb: number;
  peak_rss_after_load_mb: number;
  peak_rss_mb: number;
}

export interface MatmulShape {
  m: number;
  k: number;
  n: number;
  median_ms: number;
  gflop_per_s: number;
}

export interface Case5 extends Base {
  case: 5;
  peak_kind: "fp32 MatMul";
  matmul: MatmulShape[];
  peak_gflop_per_s: number;
  encoder: {
    batch: number;
    seq: number;
    hidden: number;
    layers: number;
    intermediate: number;
    gflop: number;
    median_s: number;
    runs_s: number[];
    gflop_per_s: number;
  };
  percent_of_peak: number;
  note: string;
}

export interface Case6 extends Base {
  case: 6;
  server_pid: number;
  server_command: string;
  peak_rss_mb: number;
  rss_mb: number;
  /** Of rss_mb: anonymous memory (heaps, ONNX Runtime's own copies) and file-backed pages (mapped weights). */
  rss_anon_mb: number;
  rss_file_mb: number;
  model_files: { file: string; mb: number }[];
  model_files_mb: number;
  peak_rss_over_model_files: number;
  note: string;
  build: string;
}

export type CaseResult =
  | Case1
  | Case2
  | Case3
  | Case4
  | Case5
  | Case6
  | Case7
  | Case8
  | Case9
  | Case10
  | Case11
  | Case12
  | FailedCase;

export interface Case7Shape {
  batch: number;
  seq: number;
  graphs: {
    name: string;
    file: string;
    p50_ms: number;
    runs_ms: number[];
    speedup_over_fp32: number;
    dense_cosine_to_fp32: number;
  }[];
}

/** This project's engine with each variant on one workload, dense vectors; times in ms. */
export interface Case7Workload {
  name: "short" | "mixed";
  texts: number;
  tokens: number;
  fp32: Percentiles;
  int8: Percentiles;
  int8_speedup: number;
  dense_cosine_mean: number;
  dense_cosine_min: number;
  /** int8's dense vectors from a dense-only batch against the same texts' from a full batch: the least cosine. */
  int8_dense_path_cosine_min: number;
}

export interface Case7 extends Base {
  case: 7;
  shapes: Case7Shape[];
  int8_speedup_1x28: number;
  int8_speedup_4x128: number;
  engine: Case7Workload[];
  /** avx2, avx512f, avx512_vnni, avx_vnni, amx_int8: those /proc/cpuinfo lists. */
  cpu_flags: string[];
  note: string;
}

/** A server's memory over one measurement, MiB, summed over its process tree (start.mjs, next and any children). */
export interface MemoryWindow {
  /** Tree RSS after start-up and one short request, 1 s later (--quick 250 ms), before the measurement. */
  idle_rss_mb: number;
  /** The largest RSS sampled during the measurement, and its anonymous and file-backed parts. */
  sampled_peak_rss_mb: number;
  sampled_peak_anon_mb: number;
  sampled_peak_file_mb: number;
  samples: number;
  mean_sample_interval_ms: number;
  /** VmHWM of the model-holding process right after the measurement: its peak since start, sampled or not. */
  model_process_hwm_mb: number | null;
  /** max(sampled_peak_rss_mb, model_process_hwm_mb): the peak the targets are judged on. */
  peak_rss_mb: number;
}

/** Case 8, measurement 1: one run of the long text on a fresh server. */
export interface Case8LongRun {
  status: number;
  seconds: number;
  /** usage.tokens of the answer (null without a 200). */
  tokens: number | null;
  memory: MemoryWindow;
}

export interface Case8Contender {
  /** What this contender's servers got on top of the common environment. */
  env: Record<string, string>;
  median_seconds: number;
  median_peak_rss_mb: number;
  all_200: boolean;
  runs: Case8LongRun[];
}

/** Case 8, measurements 2 and 3: texts sent at once by one client each, then the server left alone. */
export interface Case8Load {
  clients: number;
  text_tokens: number[];
  /** How many answers had each HTTP status (0: no answer, see first_error). */
  statuses: Record<string, number>;
  first_error: string | null;
  all_200: boolean;
  /** From sending the texts to the last answer. */
  seconds: number;
  /** GET /api/health right after the last answer (0: no answer), and whether the server process still ran. */
  health_after: number;
  server_alive: boolean;
  memory: MemoryWindow;
  /** Tree RSS `wait_s` after the last answer (null if the server is gone), and its parts. */
  wait_s: number;
  rss_after_wait_mb: number | null;
  rss_after_wait_anon_mb: number | null;
  rss_after_wait_file_mb: number | null;
  rss_after_wait_over_idle_mb: number | null;
}

export interface Case8 extends Base {
  case: 8;
  /** avx2, avx512f, avx512_vnni, avx_vnni: those /proc/cpuinfo lists. */
  cpu_flags: string[];
  /** /api/info of the first server: its threads, limits.memory_budget_mb (null until the engine reports one). */
  server_threads: number | null;
  memory_budget_mb: number | null;
  info_limits: Record<string, unknown> | null;
  /** Whether lib/ mentions BGE_M3_ATTENTION at all; if not, the two contenders run the same engine. */
  attention_env_in_engine_source: boolean;
  /** Given to every server of this case (besides the model, variant, BGE_M3_VERIFY=0, BGE_M3_DOWNLOAD=0). */
  server_env: Record<string, string>;
  sample_interval_ms: number;
  /** 1: one long text, chunked vs full, alternating, a fresh server per run. */
  single: {
    text_tokens: number;
    rounds: number;
    order: string;
    chunked: Case8Contender;
    full: Case8Contender;
    chunked_over_full_seconds: number;
  };
  /** 2 and 3: concurrent long work on chunked servers (a fresh one each). */
  concurrent: { long: Case8Load; medium: Case8Load };
  /** 4: short queries from closed-loop clients while one long text encodes, against the long text alone. */
  queries: {
    text_tokens: number;
    /** The queries' lengths (distinct texts, so identical ones in flight are not merged into one). */
    query_tokens: { min: number; max: number };
    clients: number;
    rounds: number;
    order: string;
    max_queries_per_round: number;
    long_statuses: Record<string, number>;
    long_alone_seconds: number;
    long_alone_runs_s: number[];
    long_with_queries_seconds: number;
    long_with_queries_runs_s: number[];
    long_with_over_alone: number;
    queries_per_round: number[];
    query_statuses: Record<string, number>;
    /** Latencies of the queries answered 200. */
    query: Percentiles;
  };
  /** 5: one short text, nothing else running: chunked and full servers side by side, requests alternating. */
  short: {
    text_tokens: number;
    warmup: number;
    chunked: Percentiles;
    full: Percentiles;
    chunked_over_full_p50: number;
    errors: number;
  };
  note: string | null;
  build: string;
}

/** One remote protocol in case 9: the Studio's round trip, the server's own time, and their difference. */
export interface RemoteOverhead {
  round_trip: Percentiles;
  /** From the request's arrival at the server to its answer's last byte. */
  server: Percentiles;
  /** Round trip minus server time, run by run: tokenizing, the request, reading and checking the answer, the heads. */
  client_overhead: Percentiles;
}

export interface Case9 extends Base {
  case: 9;
  text_tokens: number;
  /** engine.encode with the embedded encoder, for scale. */
  local: Percentiles;
  kserve_v2: RemoteOverhead;
  tei: RemoteOverhead;
}

/** One answer format in case 10: the time to make and read the body, and its size. */
export interface DeliveredBody extends Percentiles {
  body_mb: number;
}

export interface Case10 extends Base {
  case: 10;
  vectors: number;
  dimension: number;
  float: DeliveredBody;
  base64: DeliveredBody;
  base64_speedup: number;
}

/** Hugging Face's Rust tokenizer on the same file, through Python's `tokenizers`. */
export interface RustTokenizer {
  load_ms: number;
  rss_added_mb: number;
  query_us: number;
  long_ms: number;
}

export interface Case11 extends Base {
  case: 11;
  vocabulary: number;
  /** The first load, which parses tokenizer.json and writes the vocabulary table beside it. */
  first_load_ms: number;
  /** Loads from that table, each in a fresh process: the median and each run. */
  load_ms: number;
  load_runs_ms: number[];
  /** Heap and RSS kept after loading, each after a full garbage collection. */
  heap_added_mb: number;
  rss_added_mb: number;
  query_us: number;
  long_text_chars: number;
  long_text_ms: number;
  rust: RustTokenizer | { unavailable: string };
}

/** Case 12: two long texts through POST /api/similarity, against one bare run per text. */
export interface Case12 extends Base {
  case: 12;
  text_tokens: { a: number; b: number };
  warmup: number;
  repeats: number;
  order: string;
  http_request: string;
  /** The round trip, read to the last byte. */
  http: Percentiles;
  /** The answer's own timing_ms, median of the timed runs per field. */
  server_timing_ms: { total: number; encode: number; score: number };
  /** The answer's JSON text, UTF-8 bytes (as decoded by fetch). */
  answer_bytes: number;
  /** MaxSim matrix in the answer, rows × cols (0 × 0 when left out). */
  maxsim_cells: { rows: number; cols: number };
  /** `InferenceSession.create(graph)` with onnxruntime's defaults, one run per text. */
  bare_a: Percentiles;
  bare_b: Percentiles;
  /** http p50 over (bare_a p50 + bare_b p50). */
  http_over_bare_p50: number;
  /** The same request with `include_maxsim: false`: every score, no matrix. */
  http_scores_only: Percentiles;
  http_scores_only_over_bare_p50: number;
  /** The same request with `encoding_format: "base64"`: the matrix as float32 bytes. */
  http_base64: Percentiles;
  http_base64_over_bare_p50: number;
  base64_answer_bytes: number;
  build: string;
}
