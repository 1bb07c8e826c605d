/**
 * The batcher: concurrent requests' texts merged into shared, length-sorted batches under the engine's limits, behind
 * a queue bounded in tokens that refuses work instead of growing. Two methods: `encode` and `queued`.
 *
 * How batches form: texts go to one of two lanes by length (`laneOf`): short ones and long ones. Each lane runs one
 * batch at a time, and the two lanes' batches run side by side in the inference thread, whose scheduler lets short
 * steps in between a long text's steps. An idle lane waits `windowMs` for company when other requests are on their
 * way into the queue, and starts at once when none is. Then, batch after batch with no further wait, it plans the
 * waiting texts into least-cost batches within the engine's limits and memory budget (`planBatches`) and runs the one
 * that holds its oldest text, so nothing starves. A batch starts only when its working memory fits beside the other
 * lane's running batch.
 * With batching off, each request's texts run on their own, request after request (`planBatches`). Identical texts in
 * flight are encoded once; finished ones go to the cache. A call that needs only the dense vectors (`encodeDense`)
 * takes any cached or running representation of its texts; a batch of such texts alone lets the engine skip what only
 * the other representations need, and one shared with other calls' texts runs in full. A request whose signal aborts
 * stops waiting at once; its texts that no other request waits for leave the queue, or are cancelled at their next
 * step once running.
 */
import { SETTINGS, setting } from "@/lib/config/settings";
import { type DenseRepresentation, isFull, type Representation } from "@/lib/m3/types";
import { type BatchLimits, laneOf, planBatches } from "./batches";
import type { RepresentationCache } from "./cache";
import { cancelledError as cancelled, checkedMaxLength, EngineError } from "./errors";
import type { EncodeCall, Lane, Needs } from "./session";
import type { TokenizedText } from "./tokenizer";

/** What the batcher needs from the engine (the real `Engine` satisfies it). */
export interface BatchEngine {
  readonly modelDir: string;
  readonly batchLimits: BatchLimits;
  readonly maxLength: number;
  tokenizeInSlices(text: string, maxLength: number): Promise<TokenizedText>;
  runBatch(texts: readonly TokenizedText[], call?: EncodeCall): Promise<(Representation | DenseRepresentation)[]>;
}

export interface BatcherConfig {
  /** Merge concurrent requests into shared batches; false encodes each request on its own, in arrival order. */
  enabled: boolean;
  /** How long an idle lane waits for more requests before it starts (ms). */
  windowMs: number;
  /** Most tokens that may wait for inference; a request that would exceed it is refused (`queue_full`). */
  maxQueueTokens: number;
}

export const DEFAULT_BATCHER_CONFIG: Readonly<BatcherConfig> = Object.freeze({
  enabled: SETTINGS.BGE_M3_BATCHING.fallback,
  windowMs: SETTINGS.BGE_M3_BATCH_WINDOW_MS.fallback,
  maxQueueTokens: SETTINGS.BGE_M3_MAX_QUEUE_TOKENS.fallback,
});

/** Waiting jobs a batch is planned from: enough to find company for the oldest, few enough to plan in a millisecond. */
const PLAN_WINDOW = 1024;

/** Seconds a refused request is told to wait before it retries. */
export const QUEUE_RETRY_AFTER_S = 2;

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
  onQueueSize?(texts: number, tokens: number): void;
  onBatch?(batch: BatchEvent): void;
}

export interface EncodeOptions {
  /** Cut texts longer than max_length (default true); false refuses them (`too_long`). */
  truncate?: boolean;
  /** Names text i in error messages (default `texts.${i}`), e.g. `input.${i}` for the OpenAI route. */
  fieldOf?: (i: number) => string;
  /** The caller's signal: when it aborts, the call rejects (`cancelled`) and work nobody else waits for is dropped. */
  signal?: AbortSignal;
  /** Text i's tokenization at this max_length when the caller has it already (as `tokenizeInSlices` gives it). */
  tokenized?: (i: number) => TokenizedText | undefined;
}

export interface Encoded<R extends DenseRepresentation = Representation> {
  /** In input order. Shared with the cache and other requests: read-only. */
  representations: R[];
  /** Tokens of all texts after truncation, `<s>` and `</s>` included (cached texts count too). */
  tokens: number;
  /** Texts answered from the cache. */
  cacheHits: number;
  /** Time spent tokenizing the texts that were not cached (on the event loop, in slices, before queueing). */
  tokenizeMs: number;
  /** From queueing until the first of its texts started inference; 0 when none needed inference. */
  queueMs: number;
  /** From the first of its texts starting inference to the last one finishing. */
  inferenceMs: number;
}

export interface Batcher {
  encode(texts: readonly string[], maxLength: number, opts?: EncodeOptions): Promise<Encoded>;
  /** `encode` for callers that read only the dense vectors: the representations may hold no more than those. */
  encodeDense(texts: readonly string[], maxLength: number, opts?: EncodeOptions): Promise<Encoded<DenseRepresentation>>;
  /** Texts accepted but not yet in a running batch. */
  queued(): number;
  /** Their tokens. */
  queuedTokens(): number;
}

interface Job {
  key: string;
  text: string;
  maxLength: number;
  tokenized: TokenizedText;
  needs: Needs;
  lane: Lane;
  /** Which `encode` call created it: with batching off, a round is one call's jobs. */
  call: number;
  /** Calls still waiting for it. */
  waiters: number;
  running: RunningBatch | null;
  startedAt: number;
  finishedAt: number;
  promise: Promise<Representation | DenseRepresentation>;
  resolve(rep: Representation | DenseRepresentation): void;
  reject(err: unknown): void;
}

interface RunningBatch {
  jobs: Job[];
  bytes: number;
  abort: AbortController;
}

interface LaneQueue {
  waiting: Job[];
  draining: boolean;
}

const length = (j: Job) => j.tokenized.ids.length;

function newJob(
  key: string,
  text: string,
  maxLength: number,
  tokenized: TokenizedText,
  needs: Needs,
  call: number,
): Job {
  let resolve!: (rep: Representation | DenseRepresentation) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<Representation | DenseRepresentation>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A failed job may be awaited by a request that already failed for another reason: never an unhandled rejection.
  promise.catch(() => undefined);
  const lane = laneOf(tokenized.ids.length);
  return {
    key,
    text,
    maxLength,
    tokenized,
    needs,
    lane,
    call,
    waiters: 0,
    running: null,
    startedAt: 0,
    finishedAt: 0,
    promise,
    resolve,
    reject,
  };
}

function tooLong(field: string, before: number, maxLength: number): EngineError {
  return new EngineError(
    "too_long",
    `${field} has ${before} tokens, more than max_length ${maxLength}; shorten it or send "truncate": true`,
    field,
  );
}

const mib = (bytes: number) => Math.ceil(bytes / 1024 / 1024).toLocaleString("en-US");

function overBudget(field: string, tokens: number, bytes: number, budget: number): EngineError {
  return new EngineError(
    "over_memory_budget",
    `${field} has ${tokens} tokens, which need about ${mib(bytes)} MiB of working memory; the server allows ${mib(budget)} MiB (BGE_M3_MEMORY_BUDGET_MB): shorten it or lower max_length`,
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
  const lanes: Record<Lane, LaneQueue> = {
    short: { waiting: [], draining: false },
    long: { waiting: [], draining: false },
  };
  const inflight = new Map<string, Job>();
  const running = new Set<RunningBatch>();
  let memoryFreed: (() => void)[] = [];
  let queuedTexts = 0;
  let queuedTokens = 0;
  let calls = 0;
  let admissions: Promise<unknown> = Promise.resolve();
  const memory = engine.batchLimits.memory;

  /** Calls on their way into the queue: an idle lane waits for company only while there are others. */
  let admittingCalls = 0;

  /** Runs `fn` after every earlier admission has finished. */
  function admitting<T>(fn: () => Promise<T>): Promise<T> {
    admittingCalls++;
    const run = admissions.then(fn, fn).finally(() => admittingCalls--);
    admissions = run.catch(() => undefined);
    return run;
  }

  const reportQueue = () => hooks.onQueueSize?.(queuedTexts, queuedTokens);

  function leaveQueue(jobs: readonly Job[]): void {
    queuedTexts -= jobs.length;
    queuedTokens -= jobs.reduce((s, j) => s + length(j), 0);
    reportQueue();
  }

  /** Resolves once `bytes` fit beside the running batches (at once when nothing else runs). */
  async function memoryFor(bytes: number): Promise<void> {
    if (!memory) return;
    const inUse = () => [...running].reduce((s, b) => s + b.bytes, 0);
    while (running.size > 0 && inUse() + bytes > memory.budgetBytes) {
      await new Promise<void>((resolve) => memoryFreed.push(resolve));
    }
  }

  async function runBatch(jobs: Job[]): Promise<void> {
    const longest = Math.max(...jobs.map(length));
    const batch: RunningBatch = {
      jobs,
      bytes: memory?.bytesOf(jobs.length, longest) ?? 0,
      abort: new AbortController(),
    };
    await memoryFor(batch.bytes);
    const live = jobs.filter((j) => j.waiters > 0);
    leaveQueue(jobs);
    for (const j of jobs.filter((x) => x.waiters === 0)) settleDropped(j);
    if (live.length === 0) return;
    batch.jobs = live;
    running.add(batch);
    const startedAt = performance.now();
    for (const j of live) {
      j.startedAt = startedAt;
      j.running = batch;
    }
    try {
      const needs = live.every((j) => j.needs === "dense") ? "dense" : "all";
      const reps = await engine.runBatch(
        live.map((j) => j.tokenized),
        { signal: batch.abort.signal, needs },
      );
      const finishedAt = performance.now();
      live.forEach((j, k) => {
        j.finishedAt = finishedAt;
        inflight.delete(j.key);
        cache?.set(engine.modelDir, j.maxLength, j.text, reps[k]!);
        j.resolve(reps[k]!);
      });
      const tokens = live.reduce((s, j) => s + length(j), 0);
      const seq = Math.max(...live.map(length));
      hooks.onBatch?.({ rows: live.length, tokens, paddedTokens: seq * live.length, ms: finishedAt - startedAt });
    } catch (err) {
      for (const j of live) {
        inflight.delete(j.key);
        j.reject(err);
      }
    } finally {
      running.delete(batch);
      const waiting = memoryFreed;
      memoryFreed = [];
      for (const resolve of waiting) resolve();
    }
  }

  function settleDropped(job: Job): void {
    inflight.delete(job.key);
    job.reject(cancelled());
  }

  /**
   * Batching on: the batch that holds the lane's oldest job in the least-cost plan (`planBatches`) of the oldest
   * PLAN_WINDOW waiting jobs; longest first.
   */
  function takeBatch(queue: LaneQueue): Job[] {
    const window = queue.waiting.slice(0, PLAN_WINDOW);
    const plan = planBatches(window.map(length), engine.batchLimits).find((p) => p.indices.includes(0))!;
    const chosen = new Set(plan.indices);
    queue.waiting = queue.waiting.filter((_, k) => !chosen.has(k));
    return plan.indices.map((k) => window[k]!);
  }

  /** Batching off: the oldest call's jobs in this lane, in batches of their own. */
  function takeCall(queue: LaneQueue): Job[][] {
    const call = queue.waiting[0]!.call;
    const jobs = queue.waiting.filter((j) => j.call === call);
    queue.waiting = queue.waiting.filter((j) => j.call !== call);
    const plans = planBatches(jobs.map(length), engine.batchLimits);
    return plans.map((p) => p.indices.map((i) => jobs[i]!));
  }

  async function drain(queue: LaneQueue): Promise<void> {
    try {
      while (queue.waiting.length > 0) {
        if (config.enabled) await runBatch(takeBatch(queue));
        else for (const batch of takeCall(queue)) await runBatch(batch);
      }
    } finally {
      queue.draining = false;
    }
  }

  function schedule(queue: LaneQueue): void {
    if (queue.draining) return;
    queue.draining = true;
    const start = () => void drain(queue);
    // The call scheduling this is itself still being admitted; others behind it are company worth waiting for.
    if (config.enabled && config.windowMs > 0 && admittingCalls > 1) setTimeout(start, config.windowMs);
    else setImmediate(start);
  }

  /** This call no longer waits for `jobs`: those nobody else waits for leave the queue or are cancelled. */
  function abandon(jobs: readonly Job[]): void {
    for (const job of jobs) {
      job.waiters -= 1;
      if (job.waiters > 0) continue;
      if (job.running) {
        if (job.running.jobs.every((j) => j.waiters === 0)) job.running.abort.abort();
        continue;
      }
      const queue = lanes[job.lane];
      const at = queue.waiting.indexOf(job);
      if (at >= 0) {
        queue.waiting.splice(at, 1);
        leaveQueue([job]);
        settleDropped(job);
      }
    }
  }

  function queueFull(): EngineError {
    return new EngineError(
      "queue_full",
      `the server is busy: ${queuedTokens} tokens are waiting and the queue holds ${config.maxQueueTokens} (BGE_M3_MAX_QUEUE_TOKENS); retry in ${QUEUE_RETRY_AFTER_S} s`,
      undefined,
      QUEUE_RETRY_AFTER_S,
    );
  }

  /**
   * Looks up the cache, tokenizes the rest (unless the caller gave them tokenized) and queues what nobody is computing
   * yet, or refuses the whole request. Calls are admitted one after another, so identical texts of concurrent requests
   * become one job.
   */
  async function admit(
    texts: readonly string[],
    maxLength: number,
    needs: Needs,
    truncate: boolean,
    fieldOf: (i: number) => string,
    signal: AbortSignal | undefined,
    tokenizedOf: (i: number) => TokenizedText | undefined,
  ) {
    const call = ++calls;
    const reps = new Array<Representation | DenseRepresentation | undefined>(texts.length);
    const jobs = new Array<Job | undefined>(texts.length);
    const misses: number[] = [];
    let cacheHits = 0;
    texts.forEach((text, i) => {
      const cached = cache?.get(engine.modelDir, maxLength, text);
      const hit = cached && (needs === "dense" || isFull(cached)) ? cached : undefined;
      if (hit) {
        if (!truncate && hit.truncated) throw tooLong(fieldOf(i), hit.tokenCountBefore, maxLength);
        reps[i] = hit;
        cacheHits++;
      } else {
        misses.push(i);
      }
    });

    // A full queue refuses before tokenizing, so a refused request costs little.
    const keyOf = (text: string, kind: Needs = needs) => `${kind}\u0000${maxLength}\u0000${text}`;
    // A job that gives all three representations serves a dense call as well.
    const running = (text: string) =>
      inflight.get(keyOf(text, "all")) ?? (needs === "dense" ? inflight.get(keyOf(text)) : undefined);
    const needsWork = misses.some((i) => !running(texts[i]!));
    if (needsWork && queuedTokens >= config.maxQueueTokens) throw queueFull();

    const tTokenize = performance.now();
    const fresh = new Map<string, Job>();
    // Jobs other requests started, held from the moment they are found so they cannot be dropped meanwhile.
    const attached = new Set<Job>();
    try {
      for (const i of misses) {
        if (signal?.aborted) throw cancelled();
        const text = texts[i]!;
        const key = keyOf(text);
        let job = fresh.get(key) ?? running(text);
        if (job && !fresh.has(key) && !attached.has(job)) {
          job.waiters += 1;
          attached.add(job);
        }
        if (!job) {
          const tokenized = tokenizedOf(i) ?? (await engine.tokenizeInSlices(text, maxLength));
          job = newJob(key, text, maxLength, tokenized, needs, call);
          const bytes = memory?.bytesOf(1, length(job)) ?? 0;
          if (memory && bytes > memory.budgetBytes) {
            throw overBudget(fieldOf(i), length(job), bytes, memory.budgetBytes);
          }
          fresh.set(key, job);
        }
        if (!truncate && job.tokenized.truncated) throw tooLong(fieldOf(i), job.tokenized.countBefore, maxLength);
        jobs[i] = job;
      }
    } catch (e) {
      abandon([...attached]);
      throw e;
    }
    const freshTokens = [...fresh.values()].reduce((s, j) => s + length(j), 0);
    // An empty queue admits any request: one request alone can always be served.
    if (queuedTokens > 0 && queuedTokens + freshTokens > config.maxQueueTokens) {
      abandon([...attached]);
      throw queueFull();
    }

    const tQueued = performance.now();
    for (const job of fresh.values()) {
      inflight.set(job.key, job);
      lanes[job.lane].waiting.push(job);
      job.waiters = 1;
    }
    const used = [...new Set(jobs.filter((j): j is Job => j !== undefined))];
    queuedTexts += fresh.size;
    queuedTokens += freshTokens;
    if (fresh.size > 0) {
      reportQueue();
      for (const lane of new Set([...fresh.values()].map((j) => j.lane))) schedule(lanes[lane]);
    }

    return { jobs, reps, used, cacheHits, tTokenize, tQueued };
  }

  async function encodeAs(
    needs: Needs,
    texts: readonly string[],
    maxLength: number,
    opts: EncodeOptions,
  ): Promise<Encoded<Representation | DenseRepresentation>> {
    const truncate = opts.truncate ?? true;
    const fieldOf = opts.fieldOf ?? defaultFieldOf;
    const signal = opts.signal;
    const tokenizedOf = opts.tokenized ?? (() => undefined);
    checkedMaxLength(maxLength, engine.maxLength);
    if (signal?.aborted) throw cancelled();
    const { jobs, reps, used, cacheHits, tTokenize, tQueued } = await admitting(() =>
      admit(texts, maxLength, needs, truncate, fieldOf, signal, tokenizedOf),
    );

    const encoded = await untilAborted(Promise.all(jobs.map((j) => j?.promise)), signal, () => abandon(used));
    encoded.forEach((rep, i) => {
      if (rep) reps[i] = rep;
    });
    const firstStart = Math.min(...used.map((j) => j.startedAt));
    const lastEnd = Math.max(...used.map((j) => j.finishedAt));
    const representations = reps as (Representation | DenseRepresentation)[];
    return {
      representations,
      tokens: representations.reduce((s, r) => s + r.tokens.length, 0),
      cacheHits,
      tokenizeMs: tQueued - tTokenize,
      queueMs: used.length ? Math.max(0, firstStart - tQueued) : 0,
      inferenceMs: used.length ? Math.max(0, lastEnd - Math.max(firstStart, tQueued)) : 0,
    };
  }

  return {
    // Jobs of an `all` call run in `all` batches and its cache hits are full: every representation it gets is.
    encode: (texts, maxLength, opts = {}) => encodeAs("all", texts, maxLength, opts) as Promise<Encoded>,
    encodeDense: (texts, maxLength, opts = {}) => encodeAs("dense", texts, maxLength, opts),
    queued: () => queuedTexts,
    queuedTokens: () => queuedTokens,
  };
}

/** `work`, or a `cancelled` rejection as soon as `signal` aborts (after calling `onAbort`). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(cancelled());
    };
    signal.addEventListener("abort", abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (err) => {
        signal.removeEventListener("abort", abort);
        reject(err);
      },
    );
    // A signal that aborted before the listener was added (during the admission's last tokenization) fires no event.
    if (signal.aborted) abort();
  });
}

/** `BGE_M3_BATCHING` (default on), `BGE_M3_BATCH_WINDOW_MS`, `BGE_M3_MAX_QUEUE_TOKENS`. */
export function batcherConfigFromEnv(env: NodeJS.ProcessEnv = process.env): BatcherConfig {
  return {
    enabled: setting("BGE_M3_BATCHING", env),
    windowMs: setting("BGE_M3_BATCH_WINDOW_MS", env),
    maxQueueTokens: setting("BGE_M3_MAX_QUEUE_TOKENS", env),
  };
}

/** `BGE_M3_MAX_BATCH_TOKENS` (rows × padded length per batch) and `BGE_M3_MAX_BATCH_ROWS`; unset ones are omitted. */
export function batchLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Omit<BatchLimits, "memory">> {
  const out: Partial<Omit<BatchLimits, "memory">> = {};
  if (env.BGE_M3_MAX_BATCH_TOKENS?.trim()) out.maxTokens = setting("BGE_M3_MAX_BATCH_TOKENS", env);
  if (env.BGE_M3_MAX_BATCH_ROWS?.trim()) out.maxRows = setting("BGE_M3_MAX_BATCH_ROWS", env);
  return out;
}
