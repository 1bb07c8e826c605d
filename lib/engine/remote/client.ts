/**
 * The Studio's client of one remote encoder: a bounded number of requests in flight, a deadline per attempt, bounded
 * retries with backoff on 429/502/503/504 and connection errors (never on a timeout: a slow server stays slow), every
 * attempt reported for metrics, and the last outcome kept as the encoder's health. Failures become engine errors:
 * `encoder_unavailable` (503 + Retry-After) when the engine is down or slow, `encoder_error` (502) when it refuses.
 */
import { cancelledError, EngineError } from "../errors";
import { exchange, type HttpAnswer, type HttpFailure, type HttpRequest } from "./http";
import { reportRemoteCall } from "./observer";
import { Slots } from "./slots";
import { type RemoteTarget, targetUrl } from "./target";

/** What a caller is told to wait when the remote engine gave no Retry-After of its own. */
export const DEFAULT_RETRY_AFTER_S = 2;
/** Longest wait between two attempts; a longer Retry-After from the remote is passed on instead of awaited. */
const MAX_BACKOFF_MS = 2_000;
const BASE_BACKOFF_MS = 100;
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export type EncoderHealthStatus = "unknown" | "ok" | "unavailable" | "error";

export interface EncoderHealth {
  status: EncoderHealthStatus;
  /** Why it is not ok, or null. */
  detail: string | null;
  /** When the last exchange (or check) ended, ISO 8601, or null before the first. */
  checkedAt: string | null;
}

export interface RemoteCall {
  /** A name for metrics: infer, metadata, embed_all, … */
  endpoint: string;
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  maxBytes: number;
  signal?: AbortSignal;
  /** Overrides the target's timeout (health probes are quicker). */
  timeoutMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Seconds from a Retry-After header in its delta-seconds form, or null. */
function retryAfterSeconds(answer: HttpAnswer): number | null {
  const n = Number(answer.headers["retry-after"]);
  return Number.isFinite(n) && n >= 0 ? Math.ceil(n) : null;
}

/** The remote's own error message: `{"error": "…"}` (v2 and TEI) or the start of the body. */
export function remoteMessage(body: Buffer): string {
  const text = body.subarray(0, 2_000).toString("utf8");
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === "string") return parsed.error.slice(0, 300);
  } catch {
    // Not JSON: show the text itself.
  }
  return text.slice(0, 300) || "(empty body)";
}

export class RemoteClient {
  private readonly slots: Slots;
  private state: EncoderHealth = { status: "unknown", detail: null, checkedAt: null };

  constructor(readonly target: RemoteTarget) {
    this.slots = new Slots(target.settings.concurrency);
  }

  get url(): string {
    return targetUrl(this.target);
  }

  health(): EncoderHealth {
    return this.state;
  }

  /** Records the outcome of a check that the client itself cannot judge (a shape mismatch, say). */
  note(status: EncoderHealthStatus, detail: string | null): void {
    this.state = { status, detail, checkedAt: new Date().toISOString() };
  }

  /** The answer to `call` with a 2xx status, after the retries it deserves; otherwise an engine error. */
  async request(call: RemoteCall): Promise<HttpAnswer> {
    const release = await this.slots.acquire(call.signal);
    try {
      return await this.attempts(call);
    } finally {
      release();
    }
  }

  private async attempts(call: RemoteCall): Promise<HttpAnswer> {
    const { retries, timeoutMs } = this.target.settings;
    const req: HttpRequest = {
      method: call.method,
      url: new URL(call.path, this.target.origin),
      headers: call.headers,
      body: call.body,
      timeoutMs: call.timeoutMs ?? timeoutMs,
      maxBytes: call.maxBytes,
      signal: call.signal,
    };
    for (let attempt = 0; ; attempt++) {
      const t0 = performance.now();
      const last = attempt >= retries;
      let answer: HttpAnswer;
      try {
        answer = await exchange(req);
      } catch (e) {
        const failure = e as HttpFailure;
        const retried = failure.reason === "connection" && !last;
        this.report(call, failure.reason, t0, 0, retried);
        if (failure.reason === "aborted") throw cancelledError();
        if (!retried) throw this.failure(failure, req.timeoutMs);
        await sleep(this.backoff(attempt), call.signal);
        continue;
      }
      const wait = retryAfterSeconds(answer);
      const retried = RETRYABLE_STATUS.has(answer.status) && !last && (wait ?? 0) * 1000 <= MAX_BACKOFF_MS;
      this.report(call, String(answer.status), t0, answer.body.length, retried);
      if (answer.status >= 200 && answer.status < 300) {
        if (this.state.status !== "error") this.note("ok", null);
        return answer;
      }
      if (retried) {
        await sleep(wait === null ? this.backoff(attempt) : wait * 1000, call.signal);
        continue;
      }
      throw this.refusal(call, answer, wait);
    }
  }

  private backoff(attempt: number): number {
    const ms = BASE_BACKOFF_MS * 2 ** attempt;
    return Math.min(MAX_BACKOFF_MS, ms * (1 + Math.random() / 2));
  }

  private report(call: RemoteCall, outcome: string, t0: number, received: number, retried: boolean): void {
    reportRemoteCall({
      backend: this.target.protocol,
      endpoint: call.endpoint,
      outcome,
      seconds: (performance.now() - t0) / 1000,
      bytesSent: call.body?.length ?? 0,
      bytesReceived: received,
      retried,
    });
  }

  /** No answer: unreachable or too slow (503), or an answer too big to be this model's (502). */
  private failure(f: HttpFailure, timeoutMs: number): EngineError {
    if (f.reason === "too_large") return this.error(`the remote encoder at ${this.url} sent ${f.message}`);
    const why =
      f.reason === "timeout"
        ? `did not answer within ${timeoutMs} ms (BGE_M3_ENCODER_TIMEOUT_MS)`
        : `cannot be reached (${f.message})`;
    return this.unavailable(`the remote encoder at ${this.url} ${why}`, DEFAULT_RETRY_AFTER_S);
  }

  /** A non-2xx answer: overloaded or not ready (503 with its Retry-After), else a refusal (502). */
  private refusal(call: RemoteCall, answer: HttpAnswer, wait: number | null): EngineError {
    const what = `the remote encoder at ${this.url} answered ${call.endpoint} with ${answer.status}: ${remoteMessage(answer.body)}`;
    if (RETRYABLE_STATUS.has(answer.status)) return this.unavailable(what, wait ?? DEFAULT_RETRY_AFTER_S);
    return new EngineError("encoder_error", what);
  }

  private unavailable(message: string, retryAfter: number): EngineError {
    this.note("unavailable", message);
    return new EngineError("encoder_unavailable", `${message}; retry in ${retryAfter} s`, undefined, retryAfter);
  }

  /** An answer that does not fit this model: recorded as the encoder's health, and a 502 for the caller. */
  error(message: string): EngineError {
    this.note("error", message);
    return new EngineError("encoder_error", message);
  }
}
