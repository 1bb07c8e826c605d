/**
 * Prometheus metrics (prom-client), one registry per process (kept on globalThis so every route bundle shares it).
 * Served by `GET /metrics`.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { BatchEvent } from "@/lib/engine/batcher";
import type { CacheStats } from "@/lib/engine/cache";
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
    cacheSource,
    speed: new SpeedEstimator(),
  };
}

const g = globalThis as typeof globalThis & { __bgeM3Metrics?: Metrics };

export function metrics(): Metrics {
  g.__bgeM3Metrics ??= create();
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
