/**
 * Rate limits per client (an API key's fingerprint, a session's user, or the client's address): a token bucket of
 * requests per minute (`BGE_M3_RATE_LIMIT_RPM`) and one of tokens encoded per minute (`BGE_M3_RATE_LIMIT_TPM`). A
 * request needs one request and a non-negative token balance; its tokens are debited as they are encoded, streamed
 * answers' too, so one client's long texts run its own balance down, not the queue everyone shares.
 */
import "server-only";
import { setting } from "@/lib/config/settings";

/** A bucket of `capacity` that refills fully in a minute; its level may go below zero after a debit. */
class Bucket {
  private level: number;
  private atMs: number;

  constructor(
    readonly capacity: number,
    nowMs: number,
  ) {
    this.level = capacity;
    this.atMs = nowMs;
  }

  private refill(nowMs: number): number {
    this.level = Math.min(this.capacity, this.level + ((nowMs - this.atMs) * this.capacity) / 60_000);
    this.atMs = nowMs;
    return this.level;
  }

  /** Ms until the level reaches `need`; 0 when it has. */
  waitMs(need: number, nowMs: number): number {
    const level = this.refill(nowMs);
    return level >= need ? 0 : ((need - level) * 60_000) / this.capacity;
  }

  debit(amount: number, nowMs: number): void {
    this.refill(nowMs);
    this.level -= amount;
  }

  remaining(): number {
    return Math.max(0, Math.floor(this.level));
  }

  full(nowMs: number): boolean {
    return this.refill(nowMs) >= this.capacity;
  }
}

interface ClientBuckets {
  requests: Bucket | null;
  tokens: Bucket | null;
}

/** What a request's check says: whether it may go on, the wait when not, and the headers to answer with. */
export interface RateVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
  headers: Record<string, string>;
}

const MAX_CLIENTS = 10_000;
// On globalThis: the front door admits in the server's bundle, the routes debit in theirs.
const g = globalThis as typeof globalThis & { __bgeM3RateClients?: Map<string, ClientBuckets> };
g.__bgeM3RateClients ??= new Map();
const clients = g.__bgeM3RateClients;

/** The request header by which the front door, which alone sets it, tells the routes whose tokens they encode. */
export const RATE_CLIENT_HEADER = "x-bge-m3-rate-client";

export const rateLimits = () => ({ rpm: setting("BGE_M3_RATE_LIMIT_RPM"), tpm: setting("BGE_M3_RATE_LIMIT_TPM") });

export const rateLimited = (): boolean => rateLimits().rpm > 0 || rateLimits().tpm > 0;

function bucketsOf(client: string, nowMs: number): ClientBuckets {
  let buckets = clients.get(client);
  const { rpm, tpm } = rateLimits();
  if (
    !buckets ||
    buckets.requests?.capacity !== (rpm || undefined) ||
    buckets.tokens?.capacity !== (tpm || undefined)
  ) {
    if (clients.size >= MAX_CLIENTS) forgetIdle(nowMs);
    buckets = { requests: rpm ? new Bucket(rpm, nowMs) : null, tokens: tpm ? new Bucket(tpm, nowMs) : null };
    clients.set(client, buckets);
  }
  return buckets;
}

/** Drops clients whose buckets are full again: they are where a new client would start. */
function forgetIdle(nowMs: number): void {
  for (const [client, b] of clients) {
    if ((b.requests?.full(nowMs) ?? true) && (b.tokens?.full(nowMs) ?? true)) clients.delete(client);
  }
}

const seconds = (ms: number): string => `${Math.ceil(ms / 100) / 10}s`;

/** OpenAI's x-ratelimit-* headers for the buckets in force. */
function limitHeaders(b: ClientBuckets, nowMs: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [kind, bucket] of [
    ["requests", b.requests],
    ["tokens", b.tokens],
  ] as const) {
    if (!bucket) continue;
    headers[`x-ratelimit-limit-${kind}`] = String(bucket.capacity);
    headers[`x-ratelimit-remaining-${kind}`] = String(bucket.remaining());
    headers[`x-ratelimit-reset-${kind}`] = seconds(bucket.waitMs(bucket.capacity, nowMs));
  }
  return headers;
}

/** Takes one request from `client`'s buckets if it may go on now. */
export function admit(client: string, nowMs = Date.now()): RateVerdict {
  const b = bucketsOf(client, nowMs);
  const waitMs = Math.max(b.requests?.waitMs(1, nowMs) ?? 0, b.tokens?.waitMs(0, nowMs) ?? 0);
  if (waitMs === 0) b.requests?.debit(1, nowMs);
  return {
    allowed: waitMs === 0,
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    headers: limitHeaders(b, nowMs),
  };
}

/** Debits tokens `client`'s request encoded. */
function debitTokens(client: string, tokens: number, nowMs = Date.now()): void {
  if (tokens > 0) clients.get(client)?.tokens?.debit(tokens, nowMs);
}

/** Debits `tokens` from the client the front door admitted `req` for; nothing when it named none. */
export function chargeTokens(req: Request | undefined, tokens: number): void {
  const client = req?.headers.get(RATE_CLIENT_HEADER);
  if (client) debitTokens(client, tokens);
}
