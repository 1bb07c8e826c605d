/**
 * The batcher: concurrent requests' texts merged into shared, length-sorted batches under the engine's token budget,
 * behind a bounded queue that refuses work (429) instead of growing. Two methods: `encode` and `queued`.
 *
 * How batches form: an idle batcher waits `windowMs` for company. Then, batch after batch with no further wait, it
 * takes the oldest waiting text and fills the batch with other waiting texts, oldest first, that keep it within the
 * engine's limits and the padding cap (`fitsBatch`); texts of similar length so share a batch, and the oldest text
 * always goes next, so nothing starves and requests finish in about the order they came. With batching off, each
 * request's texts run on their own, request after request (`planBatches`). Identical texts in flight are encoded once;
 * finished ones go to the cache.
 */
import { ApiError } from "@/lib/api/errors";
import type { Representation } from "@/lib/m3/types";
import { type BatchLimits, fitsBatch, planBatches } from "./batches";
import type { RepresentationCache } from "./cache";
import type { TokenizedText } from "./tokenizer";

/** What the batcher needs from the engine (the real `Engine` satisfies it). */
export interface BatchEngine {
  readonly modelDir: string;
  readonly batchLimits: BatchLimits;
  readonly maxLength: number;
  tokenize(text: string, maxLength: number): TokenizedText;
  encodeTokenized(tokenized: readonly TokenizedText[]): Promise<Representation[]>;
}

export interface BatcherConfig {
  /** Merge concurrent requests into shared batches; false encodes each request on its own, in arrival order. */
  enabled: boolean;
  /** How long an idle batcher waits for more requests before it starts (ms). */
  windowMs: number;
  /** Most texts that may wait for inference; a request that would exceed it is refused with 429. */
  maxQueue: number;
}

export const DEFAULT_BATCHER_CONFIG: Readonly<BatcherConfig> = Object.freeze({
  enabled: true,
  windowMs: 2,
  maxQueue: 1024,
});

/** One inference batch, as reported to metrics. */
export interface BatchEvent {
  rows: number;
  /** Real tokens (`<s>`/`</s>` included), without padding. */
  tokens: number;
  /** rows × longest text: what the model actually computes. */
  paddedTokens: number;
  ms: number;
}

export interface BatcherHooks {
  onQueueSize?(texts: number): void;
  onBatch?(batch: BatchEvent): void;
}

export interface EncodeOptions {
  /** Cut texts longer than max_length (default true); false refuses them with 413. */
  truncate?: boolean;
  /** Names text i in error messages (default `texts.${i}`), e.g. `input.${i}` for the OpenAI route. */
  fieldOf?: (i: number) => string;
}

export interface Encoded {
  /** In input order. Shared with the cache and other requests: read-only. */
  representations: Representation[];
  /** Tokens of all texts after truncation, `<s>` and `</s>` included (cached texts count too). */
  tokens: number;
  /** Texts answered from the cache. */
  cacheHits: number;
  /** Time spent tokenizing the texts that were not cached (on the event loop, before queueing). */
  tokenizeMs: number;
  /** From queueing until the first of its texts started inference; 0 when none needed inference. */
  queueMs: number;
  /** From the first of its texts starting inference to the last one finishing. */
  inferenceMs: number;
}

export interface Batcher {
  encode(texts: readonly string[], maxLength: number, opts?: EncodeOptions): Promise<Encoded>;
  /** Texts accepted but not yet in a running batch. */
  queued(): number;
}

interface Job {
  key: string;
  text: string;
  maxLength: number;
  tokenized: TokenizedText;
  /** Which `encode` call created it: with batching off, a round is one call's jobs. */
  call: number;
  startedAt: number;
  finishedAt: number;
  promise: Promise<Representation>;
  resolve(rep: Representation): void;
  reject(err: unknown): void;
}

function newJob(key: string, text: string, maxLength: number, tokenized: TokenizedText, call: number): Job {
  let resolve!: (rep: Representation) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<Representation>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A failed job may be awaited by a request that already failed for another reason: never an unhandled rejection.
  promise.catch(() => undefined);
  return { key, text, maxLength, tokenized, call, startedAt: 0, finishedAt: 0, promise, resolve, reject };
}

function tooLong(field: string, before: number, maxLength: number): ApiError {
  return new ApiError(
    "payload_too_large",
    `${field} has ${before} tokens, more than max_length ${maxLength}; shorten it or send "truncate": true`,
    field,
  );
}

const defaultFieldOf = (i: number) => `texts.${i}`;

export function createBatcher(
  engine: BatchEngine,
  config: BatcherConfig = DEFAULT_BATCHER_CONFIG,
  cache: RepresentationCache | null = null,
  hooks: BatcherHooks = {},
): Batcher {
  const waiting: Job[] = [];
  const inflight = new Map<string, Job>();
  let notStarted = 0;
  let running = false;
  let calls = 0;

  const reportQueue = () => hooks.onQueueSize?.(notStarted);

  async function runBatch(batch: Job[]): Promise<void> {
    const startedAt = performance.now();
    for (const j of batch) j.startedAt = startedAt;
    notStarted -= batch.length;
    reportQueue();
    try {
      const reps = await engine.encodeTokenized(batch.map((j) => j.tokenized));
      const finishedAt = performance.now();
      batch.forEach((j, k) => {
        j.finishedAt = finishedAt;
        inflight.delete(j.key);
        cache?.set(engine.modelDir, j.maxLength, j.text, reps[k]!);
        j.resolve(reps[k]!);
      });
      const tokens = batch.reduce((s, j) => s + j.tokenized.ids.length, 0);
      const longest = Math.max(...batch.map((j) => j.tokenized.ids.length));
      hooks.onBatch?.({ rows: batch.length, tokens, paddedTokens: longest * batch.length, ms: finishedAt - startedAt });
    } catch (err) {
      for (const j of batch) {
        inflight.delete(j.key);
        j.reject(err);
      }
    }
  }

  /** Batching on: the oldest waiting job plus every other waiting job, oldest first, that still fits; longest first. */
  function takeBatch(): Job[] {
    const lengths = [waiting[0]!.tokenized.ids.length];
    const chosen = new Set([0]);
    for (let k = 1; k < waiting.length; k++) {
      const len = waiting[k]!.tokenized.ids.length;
      if (fitsBatch(lengths, len, engine.batchLimits)) {
        lengths.push(len);
        chosen.add(k);
      }
    }
    const batch = waiting.filter((_, k) => chosen.has(k));
    const rest = waiting.filter((_, k) => !chosen.has(k));
    waiting.splice(0, waiting.length, ...rest);
    return batch.sort((x, y) => y.tokenized.ids.length - x.tokenized.ids.length);
  }

  /** Batching off: the oldest call's jobs, in batches of their own. */
  function takeCall(): Job[][] {
    const call = waiting[0]!.call;
    let n = 0;
    while (n < waiting.length && waiting[n]!.call === call) n++;
    const jobs = waiting.splice(0, n);
    const plans = planBatches(
      jobs.map((j) => j.tokenized.ids.length),
      engine.batchLimits,
    );
    return plans.map((p) => p.indices.map((i) => jobs[i]!));
  }

  async function drain(): Promise<void> {
    try {
      while (waiting.length > 0) {
        if (config.enabled) await runBatch(takeBatch());
        else for (const batch of takeCall()) await runBatch(batch);
      }
    } finally {
      running = false;
    }
  }

  function schedule(): void {
    if (running) return;
    running = true;
    const start = () => void drain();
    if (config.enabled && config.windowMs > 0) setTimeout(start, config.windowMs);
    else setImmediate(start);
  }

  async function encode(texts: readonly string[], maxLength: number, opts: EncodeOptions = {}): Promise<Encoded> {
    const truncate = opts.truncate ?? true;
    const fieldOf = opts.fieldOf ?? defaultFieldOf;
    if (!Number.isInteger(maxLength) || maxLength < 3 || maxLength > engine.maxLength) {
      throw new ApiError(
        "invalid_request",
        `max_length must be an integer from 3 to ${engine.maxLength}, got ${maxLength}`,
        "max_length",
      );
    }
    const call = ++calls;
    const reps = new Array<Representation | undefined>(texts.length);
    const jobs = new Array<Job | undefined>(texts.length);
    const misses: number[] = [];
    let cacheHits = 0;
    texts.forEach((text, i) => {
      const hit = cache?.get(engine.modelDir, maxLength, text);
      if (hit) {
        if (!truncate && hit.truncated) throw tooLong(fieldOf(i), hit.tokenCountBefore, maxLength);
        reps[i] = hit;
        cacheHits++;
      } else {
        misses.push(i);
      }
    });

    // Admission before tokenizing, so a refused request costs little. An empty queue admits any request.
    const keyOf = (text: string) => `${maxLength}\u0000${text}`;
    const newKeys = new Set(misses.map((i) => keyOf(texts[i]!)).filter((k) => !inflight.has(k)));
    if (newKeys.size > 0 && notStarted > 0 && notStarted + newKeys.size > config.maxQueue) {
      throw new ApiError(
        "queue_full",
        `the server is busy: ${notStarted} texts are waiting and the queue holds ${config.maxQueue}; retry shortly`,
        undefined,
        { "Retry-After": "1" },
      );
    }

    const tTokenize = performance.now();
    const fresh = new Map<string, Job>();
    for (const i of misses) {
      const text = texts[i]!;
      const key = keyOf(text);
      let job = inflight.get(key) ?? fresh.get(key);
      if (!job) {
        job = newJob(key, text, maxLength, engine.tokenize(text, maxLength), call);
        fresh.set(key, job);
      }
      if (!truncate && job.tokenized.truncated) throw tooLong(fieldOf(i), job.tokenized.countBefore, maxLength);
      jobs[i] = job;
    }

    const tQueued = performance.now();
    for (const job of fresh.values()) {
      inflight.set(job.key, job);
      waiting.push(job);
    }
    notStarted += fresh.size;
    if (fresh.size > 0) {
      reportQueue();
      schedule();
    }

    const encoded = await Promise.all(jobs.map((j) => j?.promise));
    encoded.forEach((rep, i) => {
      if (rep) reps[i] = rep;
    });
    const used = [...new Set(jobs.filter((j): j is Job => j !== undefined))];
    const firstStart = Math.min(...used.map((j) => j.startedAt));
    const lastEnd = Math.max(...used.map((j) => j.finishedAt));
    const representations = reps as Representation[];
    return {
      representations,
      tokens: representations.reduce((s, r) => s + r.tokens.length, 0),
      cacheHits,
      tokenizeMs: tQueued - tTokenize,
      queueMs: used.length ? Math.max(0, firstStart - tQueued) : 0,
      inferenceMs: used.length ? Math.max(0, lastEnd - Math.max(firstStart, tQueued)) : 0,
    };
  }

  return { encode, queued: () => notStarted };
}

/** An integer environment variable in [min, max], or `fallback` when unset or empty; throws naming the variable. */
export function readIntEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

/** `BGE_M3_BATCHING` (default on; 0/false/off turns it off), `BGE_M3_BATCH_WINDOW_MS`, `BGE_M3_MAX_QUEUE`. */
export function batcherConfigFromEnv(env: NodeJS.ProcessEnv = process.env): BatcherConfig {
  const raw = env.BGE_M3_BATCHING?.trim().toLowerCase() ?? "";
  if (!["", "1", "true", "on", "0", "false", "off"].includes(raw)) {
    throw new RangeError(`BGE_M3_BATCHING must be 1 or 0 (true/false, on/off), got "${env.BGE_M3_BATCHING}"`);
  }
  return {
    enabled: !["0", "false", "off"].includes(raw),
    windowMs: readIntEnv(env, "BGE_M3_BATCH_WINDOW_MS", DEFAULT_BATCHER_CONFIG.windowMs, 0, 1000),
    maxQueue: readIntEnv(env, "BGE_M3_MAX_QUEUE", DEFAULT_BATCHER_CONFIG.maxQueue, 1, 1_000_000),
  };
}

/** `BGE_M3_MAX_BATCH_TOKENS` (rows × padded length per batch) and `BGE_M3_MAX_BATCH_ROWS`; unset ones are omitted. */
export function batchLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<BatchLimits> {
  const out: Partial<BatchLimits> = {};
  if (env.BGE_M3_MAX_BATCH_TOKENS?.trim()) out.maxTokens = readIntEnv(env, "BGE_M3_MAX_BATCH_TOKENS", 0, 1, 10_000_000);
  if (env.BGE_M3_MAX_BATCH_ROWS?.trim()) out.maxRows = readIntEnv(env, "BGE_M3_MAX_BATCH_ROWS", 0, 1, 100_000);
  return out;
}
