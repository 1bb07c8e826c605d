/**
 * HTTP load helpers shared by scripts/load-test.ts and scripts/bench.ts: a seeded PRNG, the short-query workload,
 * a pool of concurrent clients and percentiles.
 */
import http from "node:http";

/** A small deterministic PRNG (mulberry32), so every run sends the same requests. */
export function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One HTTP request of a workload: a POST of `body` as JSON to `path`. */
export interface Req {
  path: string;
  body: unknown;
}

/**
 * Search-query traffic: one distinct 3–12-word text per OpenAI request, where inference per call is smallest.
 * Texts end with their index (from `first`), so no two requests carry the same text.
 */
export function queries(n: number, seed = 11, first = 0): Req[] {
  const words = "how what why does bge m3 compute sparse dense colbert scores for long documents in french".split(" ");
  const rand = prng(seed);
  return Array.from({ length: n }, (_, i) => {
    const k = 3 + Math.floor(rand() * 10);
    const text = Array.from({ length: k }, () => words[Math.floor(rand() * words.length)]).join(" ");
    return { path: "/v1/embeddings", body: { input: `${text} ${first + i}` } };
  });
}

export interface Answer {
  status: number;
  /** The body as received; parsed only after the timed pass, so the client's parsing does not slow the pass. */
  text: string;
  ms: number;
}

export async function send(base: string, req: Req): Promise<Answer> {
  const t0 = performance.now();
  const r = await fetch(`${base}${req.path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(req.body),
  });
  const text = await r.text();
  return { status: r.status, text, ms: performance.now() - t0 };
}

/** The answer that stands for a request that got none (refused, reset, timed out): status 0, the error as text. */
export function noAnswer(e: unknown, ms = 0): Answer {
  const cause = (e as { cause?: unknown }).cause;
  const error = cause ? `${String(e)} (${String(cause)})` : String(e);
  return { status: 0, text: JSON.stringify({ error }), ms };
}

/**
 * `send` for requests that may take many minutes (fetch gives up after undici's 300-second header timeout): node:http
 * on a fresh connection, abandoned after `timeoutMs`. Never throws: a request without an answer gets `noAnswer`.
 */
export function sendWithin(base: string, req: Req, timeoutMs: number): Promise<Answer> {
  const t0 = performance.now();
  const body = JSON.stringify(req.body);
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = (a: Answer) => {
      clearTimeout(timer);
      resolve(a);
    };
    const request = http.request(
      `${base}${req.path}`,
      {
        method: "POST",
        agent: false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (e) => settle(noAnswer(e, performance.now() - t0)));
        res.on("end", () =>
          settle({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
            ms: performance.now() - t0,
          }),
        );
      },
    );
    request.on("error", (e) => settle(noAnswer(e, performance.now() - t0)));
    timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    request.end(body);
  });
}

/** Sends every request with `concurrency` clients, each taking the next unsent request; answers in request order. */
export async function pass(
  base: string,
  reqs: readonly Req[],
  concurrency: number,
): Promise<{ answers: Answer[]; seconds: number }> {
  const answers = new Array<Answer>(reqs.length);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < reqs.length; i = next++) {
        try {
          answers[i] = await send(base, reqs[i]!);
        } catch (e) {
          answers[i] = noAnswer(e);
        }
      }
    }),
  );
  return { answers, seconds: (performance.now() - t0) / 1000 };
}

/** The q-quantile by the nearest-rank method (the smallest value with at least q of the values at or below it). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);
