/**
 * CORS for the API, off by default: origins named in `BGE_M3_CORS_ORIGINS` (or `*` for any) may call it from a
 * browser, with a key in `Authorization`. Credentials (cookies) never cross origins, so `*` never meets them.
 */
import "server-only";
import { setting } from "@/lib/config/settings";

const EXPOSED = [
  "Retry-After",
  "x-total-time",
  "x-tokenization-time",
  "x-queue-time",
  "x-inference-time",
  "x-total-tokens",
  "x-ratelimit-limit-requests",
  "x-ratelimit-remaining-requests",
  "x-ratelimit-reset-requests",
  "x-ratelimit-limit-tokens",
  "x-ratelimit-remaining-tokens",
  "x-ratelimit-reset-tokens",
].join(", ");

const allowedOrigins = (): string[] =>
  (setting("BGE_M3_CORS_ORIGINS") ?? "")
    .split(",")
    .map((o) => o.trim().replace(/\/+$/, ""))
    .filter(Boolean);

/** The Access-Control-Allow-Origin value for `origin`, or null when it may not call the API. */
function allowOrigin(origin: string | undefined): string | null {
  if (!origin) return null;
  const allowed = allowedOrigins();
  if (allowed.includes("*")) return "*";
  return allowed.includes(origin) ? origin : null;
}

/** The CORS headers of an answer to `origin` (none for an origin not allowed). */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  const allow = allowOrigin(origin);
  if (!allow) return {};
  return { "Access-Control-Allow-Origin": allow, "Access-Control-Expose-Headers": EXPOSED, Vary: "Origin" };
}

/** The 204 answer to an allowed origin's preflight for a route that answers `methods`, or null. */
export function preflight(origin: string | undefined, methods: readonly string[]): Response | null {
  const headers = corsHeaders(origin);
  if (!headers["Access-Control-Allow-Origin"]) return null;
  return new Response(null, {
    status: 204,
    headers: {
      ...headers,
      "Access-Control-Allow-Methods": methods.join(", "),
      "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept",
      "Access-Control-Max-Age": "600",
    },
  });
}
