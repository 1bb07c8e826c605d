/** What each bench case reports (one JSON line each; field names are the JSON keys). */
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
  bare_session_run: Percentiles;
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
  transformers_js: Throughput | null;
  transformers_js_error: string | null;
  transformers_js_batch8: Throughput | null;
  batch8_reason: string;
  engine_speedup_over_transformers_js: number | null;
  engine_speedup_over_transformers_js_batch8: number | null;
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

export type CaseResult = Case1 | Case2 | Case3 | Case4 | Case5 | Case6 | Case7 | FailedCase;

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

export interface Case7 extends Base {
  case: 7;
  shapes: Case7Shape[];
  int8_speedup_1x28: number;
  int8_speedup_4x128: number;
  note: string;
}
