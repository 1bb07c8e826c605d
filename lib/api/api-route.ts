/**
 * The wrapper every route handler goes through: errors become the wire error in the route's shape (`errorResponse`,
 * `API_ROUTES`), and each request gets one pino line (route, status, texts, tokens, tokenize/queue/inference ms),
 * Prometheus metrics, and TEI-style timing headers when it encoded texts. Its meter charges the tokens a request
 * encodes to the caller's per-minute balance as they are counted (`countTokens`).
 */
import "server-only";
import { log } from "@/lib/log";
import { chargeTokens } from "@/lib/security/rate-limit";
import { ApiError, errorResponse, toApiError } from "./errors";
import { observeRequest } from "./metrics";
import { streamEnd } from "./progress-stream";
import { API_ROUTES, type ApiRoutePath, allowedMethods } from "./routes";

/** What a handler reports about its work, for the log line and headers, and the request's abort signal. */
export interface RequestMeter {
  /** Aborts when the client goes away: encoding stops waiting and drops work nobody else needs. */
  signal?: AbortSignal;
  texts: number;
  tokens: number;
  /** Debits tokens from the caller's balance per minute (BGE_M3_RATE_LIMIT_TPM). */
  charge: (tokens: number) => void;
  cacheHits: number;
  tokenizeMs: number;
  queueMs: number;
  inferenceMs: number;
}

const newMeter = (charge: RequestMeter["charge"] = () => undefined): RequestMeter => ({
  texts: 0,
  tokens: 0,
  charge,
  cacheHits: 0,
  tokenizeMs: 0,
  queueMs: 0,
  inferenceMs: 0,
});

/** Counts texts and their tokens on `meter` and charges the tokens at once, so a streamed answer pays as it goes. */
export function countTokens(meter: RequestMeter, texts: number, tokens: number): void {
  meter.texts += texts;
  meter.tokens += tokens;
  meter.charge(tokens);
}
const round1 = (x: number) => Math.round(x * 10) / 10;

function finish(
  route: ApiRoutePath,
  method: string,
  res: Response,
  meter: RequestMeter,
  t0: number,
  err: unknown,
): void {
  const ms = performance.now() - t0;
  observeRequest(route, method, res.status, ms / 1000);
  // A streamed answer's headers went out before its work began.
  if (meter.texts > 0 && !streamEnd(res)) {
    res.headers.set("x-total-time", String(Math.round(ms)));
    res.headers.set("x-tokenization-time", String(Math.round(meter.tokenizeMs)));
    res.headers.set("x-queue-time", String(Math.round(meter.queueMs)));
    res.headers.set("x-inference-time", String(Math.round(meter.inferenceMs)));
    res.headers.set("x-total-tokens", String(meter.tokens));
  }
  const line = {
    route,
    method,
    status: res.status,
    texts: meter.texts,
    tokens: meter.tokens,
    cache_hits: meter.cacheHits,
    tokenize_ms: round1(meter.tokenizeMs),
    queue_ms: round1(meter.queueMs),
    inference_ms: round1(meter.inferenceMs),
    ms: round1(ms),
    ...(err === undefined ? {} : { error: toApiError(err)?.type ?? "internal" }),
  };
  if (res.status >= 500) log.error(line, "request");
  else log.info(line, "request");
}

/** Wraps an async handler: `route` is its path, the label for logs and metrics (never the raw URL). */
export function apiRoute(
  route: ApiRoutePath,
  handler: (req: Request, meter: RequestMeter) => Promise<Response>,
): (req: Request) => Promise<Response> {
  return async (req) => {
    const t0 = performance.now();
    const meter = { ...newMeter((tokens) => chargeTokens(req, tokens)), signal: req.signal };
    let res: Response;
    let err: unknown;
    try {
      res = await handler(req, meter);
    } catch (e) {
      err = e;
      res = errorResponse(e, API_ROUTES[route].errors);
    }
    // A streamed answer is logged and counted when it ends, with what it encoded by then.
    const end = streamEnd(res);
    if (end) void end.then((thrown) => finish(route, req.method, res, meter, t0, thrown));
    else finish(route, req.method, res, meter, t0, err);
    return res;
  };
}

/** The same for a synchronous GET handler (health, metrics text), which stays synchronous. */
export function apiRouteSync(route: ApiRoutePath, handler: (req?: Request) => Response): (req?: Request) => Response {
  return (req) => {
    const t0 = performance.now();
    let res: Response;
    let err: unknown;
    try {
      res = handler(req);
    } catch (e) {
      err = e;
      res = errorResponse(e, API_ROUTES[route].errors);
    }
    finish(route, req?.method ?? "GET", res, newMeter(), t0, err);
    return res;
  };
}

/** `err` as `route`'s answer before its handler runs (405, 401, 429); logged and counted like its own answers. */
export function refusal(route: ApiRoutePath, method: string, err: ApiError): Response {
  const t0 = performance.now();
  const res = errorResponse(err, API_ROUTES[route].errors);
  finish(route, method, res, newMeter(), t0, err);
  return res;
}

/** The 405 for a method `route` does not serve, with `Allow`. */
export function methodNotAllowed(route: ApiRoutePath, method: string): Response {
  const allow = allowedMethods(route).join(", ");
  const message = `${method} is not allowed on ${route}; it answers ${allow}`;
  return refusal(route, method, new ApiError("method_not_allowed", message, undefined, { Allow: allow }));
}
