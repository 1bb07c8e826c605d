/**
 * What every request meets before Next: security headers; for API routes CORS (preflight included), the 405s,
 * the key or session check (401) and the rate limits (429); for pages the login. `/api/health` stays open, and
 * `/metrics` too with `BGE_M3_METRICS_OPEN`. With nothing configured it only adds headers.
 */
import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { methodNotAllowed, refusal } from "@/lib/api/api-route";
import { ApiError } from "@/lib/api/errors";
import { type ApiRoutePath, allowedMethods, isApiRoutePath } from "@/lib/api/routes";
import { setting } from "@/lib/config/settings";
import { log } from "@/lib/log";
import { CALLER_HEADER, type Caller, identify } from "./caller";
import { corsHeaders, preflight } from "./cors";
import { loginRequired } from "./credentials";
import { LOGIN_PATH, login } from "./login";
import { admit, RATE_CLIENT_HEADER, rateLimited } from "./rate-limit";
import { contentSecurityPolicy, newNonce, SECURITY_HEADERS } from "./security-headers";
import { sessionFromCookies, sessionUser } from "./session";

/** Pages and files anyone may load: the login page and the build's static assets. */
const isPublicPage = (path: string): boolean =>
  path === LOGIN_PATH || path.startsWith("/_next/static/") || path === "/favicon.ico";

const setHeaders = (res: ServerResponse, headers: Record<string, string>): void => {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
};

const isOpenRoute = (route: ApiRoutePath): boolean =>
  route === "/api/health" || (route === "/metrics" && setting("BGE_M3_METRICS_OPEN"));

function unauthorized(route: ApiRoutePath, method: string, caller: Caller): Response {
  log.warn({ route, client: caller.client, key: caller.rejectedKey }, "request without a valid API key or session");
  const message = caller.rejectedKey
    ? "the API key is not valid"
    : "this server needs an API key: send Authorization: Bearer <key>";
  return refusal(route, method, new ApiError("unauthorized", message, undefined, { "WWW-Authenticate": "Bearer" }));
}

/** The rate limits' answer: null to go on (its headers set, its client named for the routes to charge), else 429. */
function rateCheck(route: ApiRoutePath, req: IncomingMessage, client: string, res: ServerResponse): Response | null {
  const verdict = admit(client);
  setHeaders(res, verdict.headers);
  if (verdict.allowed) {
    req.headers[RATE_CLIENT_HEADER] = client;
    return null;
  }
  const message = `rate limit reached for ${client.split(":", 1)[0]}; retry in ${verdict.retryAfterSeconds} s`;
  const retry = { "Retry-After": String(verdict.retryAfterSeconds) };
  return refusal(route, req.method ?? "GET", new ApiError("rate_limited", message, undefined, retry));
}

function apiDoor(route: ApiRoutePath, req: IncomingMessage, res: ServerResponse): Response | null {
  const method = req.method ?? "GET";
  res.setHeader("Content-Security-Policy", contentSecurityPolicy());
  setHeaders(res, corsHeaders(req.headers.origin));
  if (method === "OPTIONS" && req.headers["access-control-request-method"]) {
    return preflight(req.headers.origin, allowedMethods(route));
  }
  if (!allowedMethods(route).includes(method)) return methodNotAllowed(route, method);
  const caller = identify(req);
  if (caller.authenticated) req.headers[CALLER_HEADER] = "1";
  if (isOpenRoute(route) || method === "OPTIONS") return null;
  if (!caller.authenticated) return unauthorized(route, method, caller);
  return rateLimited() ? rateCheck(route, req, caller.client, res) : null;
}

function pageDoor(path: string, req: IncomingMessage, res: ServerResponse): Response | Promise<Response> | null {
  if (path === LOGIN_PATH && req.method === "POST" && loginRequired()) return login(req);
  const nonce = newNonce();
  req.headers["content-security-policy"] = contentSecurityPolicy(nonce);
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
  if (!loginRequired() || isPublicPage(path) || sessionUser(sessionFromCookies(req.headers.cookie)) !== null) {
    return null;
  }
  const to = `${LOGIN_PATH}?next=${encodeURIComponent(req.url ?? "/")}`;
  return new Response(null, { status: 303, headers: { Location: to, "Cache-Control": "no-store" } });
}

/** The answer the front door gives itself, or null to let Next answer (with the headers set on `res`). */
export function frontDoor(req: IncomingMessage, res: ServerResponse): Response | Promise<Response> | null {
  delete req.headers[CALLER_HEADER];
  delete req.headers[RATE_CLIENT_HEADER];
  delete req.headers["content-security-policy"];
  setHeaders(res, SECURITY_HEADERS);
  const path = (req.url ?? "/").split("?", 1)[0]!;
  if (isApiRoutePath(path)) return apiDoor(path, req, res);
  return pageDoor(path, req, res);
}
