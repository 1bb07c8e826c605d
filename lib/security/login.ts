/**
 * `POST /login`, the login page's form (user, password, next): a right password gets the session cookie and a 303 to
 * `next`; a wrong one waits longer with each failure from the same address (0.5 s, doubling, up to 8 s) and goes back
 * to the page. Every attempt is logged with its user and address, never its password.
 */
import "server-only";
import type { IncomingMessage } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { log } from "@/lib/log";
import { isPassword } from "./credentials";
import { newSession, sessionCookie } from "./session";

export const LOGIN_PATH = "/login";
const MAX_FORM_BYTES = 8 * 1024;
const failures = new Map<string, number>();

/** A path on this site to go to after the login; anything else goes home. */
export function localPath(next: string | null): string {
  return next && /^\/(?![/\\])/.test(next) ? next : "/";
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_FORM_BYTES) break;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

const seeOther = (location: string, headers: Record<string, string> = {}): Response =>
  new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store", ...headers } });

export async function login(req: IncomingMessage): Promise<Response> {
  const form = await readForm(req);
  const user = form.get("user") ?? "";
  const next = localPath(form.get("next"));
  const address = req.socket.remoteAddress ?? "unknown";
  const ok = isPassword(user, form.get("password") ?? "");
  if (ok) log.info({ user, address, ok }, "login attempt");
  else log.warn({ user, address, ok }, "login attempt");
  if (ok) {
    failures.delete(address);
    const secure = req.headers["x-forwarded-proto"] === "https";
    return seeOther(next, { "Set-Cookie": sessionCookie(newSession(user), secure) });
  }
  const count = (failures.get(address) ?? 0) + 1;
  failures.set(address, count);
  await sleep(Math.min(8000, 500 * 2 ** (count - 1)));
  return seeOther(`${LOGIN_PATH}?failed=1&next=${encodeURIComponent(next)}`);
}
