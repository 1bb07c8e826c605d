/**
 * Prometheus metrics (prom-client), one registry per process (kept on globalThis so every route bundle shares it).
 * Served by `GET /metrics`.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { BatchEvent } from "@/lib/engine/batcher";
import type { CacheStats } from "@/lib/engine/cache";
import { onRemoteCall, type RemoteCallEvent } from "@/lib/engine/remote/observer";
import { SpeedEstimator } from "./speed";

export interface Metrics {
  registry: Registry;
  requests: Counter<"route" | "method" | "status">;
  duration: Histogram<"route" | "method" | "status">;
  queue: Gauge;
  queueTokens: Gauge;
  batchRows: Histogram;
  batchTokens: Histogram;
  batchPaddedTokens: Histogram;
  batchSeconds: Histogram;
  encoderSeconds: Histogram<"backend" | "endpoint" | "outcome">;
  encoderErrors: Counter<"backend" | "endpoint" | "outcome">;
  encoderBytes: Counter<"backend" | "direction">;
  encoderRetries: Counter<"backend" | "endpoint">;
  /** Where the cache gauges read from at scrape time (set when the shared batcher is created). */
  cacheSource: { stats: (() => CacheStats) | null };
  /** This machine's inference speed, fitted from the same batches (shown by `GET /api/info`). */
  speed: SpeedEstimator;
}

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const cacheSource: Metrics["cacheSource"] = { stats: null };
  const cacheGauge = (name: string, help: string, pick: (s: CacheStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const s = cacheSource.stats?.();
        this.set(s ? pick(s) : 0);
      },
    });
  cacheGauge("bge_m3_cache_entries", "Representations in the cache", (s) => s.entries);
  cacheGauge("bge_m3_cache_bytes", "Approximate bytes the cache holds", (s) => s.bytes);
  const cacheCounter = (name: string, help: string, pick: (s: CacheStats) => number) => {
    let seen = 0;
    return new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const s = cacheSource.stats?.();
        const now = s ? pick(s) : seen;
        if (now > seen) this.inc(now - seen);
        seen = now;
      },
    });
  };
  cacheCounter("bge_m3_cache_hits_total", "Texts answered from the cache", (s) => s.hits);
  cacheCounter("bge_m3_cache_misses_total", "Texts that were not in the cache", (s) => s.misses);
  const pow2 = (from: number, n: number) => Array.from({ length: n }, (_, i) => from * 2 ** i);
  return {
    registry,
    requests: new Counter({
      name: "bge_m3_http_requests_total",
      help: "HTTP requests by route, method and status",
      labelNames: ["route", "method", "status"],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "bge_m3_http_request_duration_seconds",
      help: "HTTP request duration by route, method and status",
      labelNames: ["route", "method", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    queue: new Gauge({
      name: "bge_m3_queue_texts",
      help: "Texts accepted and waiting for an inference batch",
      registers: [registry],
    }),
    queueTokens: new Gauge({
      name: "bge_m3_queue_tokens",
      help: "Tokens of the texts waiting for an inference batch (bounded by BGE_M3_MAX_QUEUE_TOKENS)",
      registers: [registry],
    }),
    batchRows: new Histogram({
      name: "bge_m3_batch_size",
      help: "Texts per inference batch",
      buckets: pow2(1, 8),
      registers: [registry],
    }),
    batchTokens: new Histogram({
      name: "bge_m3_batch_tokens",
      help: "Real tokens per inference batch (no padding)",
      buckets: pow2(16, 12),
      registers: [registry],
    }),
    batchPaddedTokens: new Histogram({
      name: "bge_m3_batch_padded_tokens",
      help: "Rows x longest text per inference batch (what the model computes)",
      buckets: pow2(16, 12),
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: "bge_m3_batch_duration_seconds",
      help: "Inference time per batch",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    ...encoderMetrics(registry),
    cacheSource,
    speed: new SpeedEstimator(),
  };
}

/** Remote encoder requests per backend (kserve-v2, tei): latency per attempt, failed attempts, bytes, retries. */
function encoderMetrics(registry: Registry) {
  const labelNames = ["backend", "endpoint", "outcome"] as const;
  return {
    encoderSeconds: new Histogram({
      name: "bge_m3_encoder_request_duration_seconds",
      help: "Remote encoder request attempts by backend, endpoint and outcome (HTTP status, connection, timeout)",
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    encoderErrors: new Counter({
      name: "bge_m3_encoder_errors_total",
      help: "Remote encoder request attempts that failed: no answer, or a non-2xx status",
      labelNames,
      registers: [registry],
    }),
    encoderBytes: new Counter({
      name: "bge_m3_encoder_bytes_total",
      help: "Bytes sent to and received from the remote encoder",
      labelNames: ["backend", "direction"] as const,
      registers: [registry],
    }),
    encoderRetries: new Counter({
      name: "bge_m3_encoder_retries_total",
      help: "Remote encoder requests tried again after a 429, 502, 503, 504 or a connection error",
      labelNames: ["backend", "endpoint"] as const,
      registers: [registry],
    }),
  };
}

/** Records one remote encoder request attempt. */
function observeRemoteCall(m: Metrics, e: RemoteCallEvent): void {
  const labels = { backend: e.backend, endpoint: e.endpoint, outcome: e.outcome };
  m.encoderSeconds.observe(labels, e.seconds);
  if (!/^2\d\d$/.test(e.outcome)) m.encoderErrors.inc(labels);
  m.encoderBytes.inc({ backend: e.backend, direction: "sent" }, e.bytesSent);
  m.encoderBytes.inc({ backend: e.backend, direction: "received" }, e.bytesReceived);
  if (e.retried) m.encoderRetries.inc({ backend: e.backend, endpoint: e.endpoint });
}

const g = globalThis as typeof globalThis & { __bgeM3Metrics?: Metrics };

export function metrics(): Metrics {
  if (!g.__bgeM3Metrics) {
    const m = create();
    onRemoteCall((e) => observeRemoteCall(m, e));
    g.__bgeM3Metrics = m;
  }
  return g.__bgeM3Metrics;
}

/** Records one inference batch, in the histograms and in the speed estimate. */
export function observeBatch(b: BatchEvent): void {
  const m = metrics();
  m.speed.observe(b);
  m.batchRows.observe(b.rows);
  m.batchTokens.observe(b.tokens);
  m.batchPaddedTokens.observe(b.paddedTokens);
  m.batchSeconds.observe(b.ms / 1000);
}

/** Records one finished HTTP request. */
export function observeRequest(route: string, method: string, status: number, seconds: number): void {
  const m = metrics();
  const labels = { route, method, status: String(status) };
  m.requests.inc(labels);
  m.duration.observe(labels, seconds);
}
