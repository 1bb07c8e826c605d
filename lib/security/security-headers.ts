/**
 * The headers every response carries: a Content-Security-Policy whose only inline scripts are Next's own (they carry
 * the request's nonce, which Next reads from the request's CSP header), no framing unless `BGE_M3_FRAME_ANCESTORS`
 * names who may, nosniff, a referrer policy and a permissions policy that turns off what the pages never use.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { setting } from "@/lib/config/settings";

const frameAncestors = (): string => setting("BGE_M3_FRAME_ANCESTORS")?.replaceAll(",", " ") || "'none'";

/** The policy for a page rendered with `nonce`, or for an API answer (no scripts at all) without one. */
export function contentSecurityPolicy(nonce?: string): string {
  const dev = process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : "";
  const scripts = nonce ? `script-src 'self' 'nonce-${nonce}'${dev}` : "script-src 'none'";
  return [
    "default-src 'self'",
    scripts,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors()}`,
  ].join("; ");
}

export const newNonce = (): string => randomBytes(16).toString("base64");

/** The headers besides the CSP. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
});
