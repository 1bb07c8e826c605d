/**
 * The pages' login session: a cookie `user.expiry.signature`, signed with HMAC-SHA256 under a secret made when the
 * server starts (a restart signs everyone out). Checked in constant time.
 */
import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "bge-m3-session";
const SESSION_SECONDS = 12 * 60 * 60;
const secret = randomBytes(32);

const sign = (payload: string): string => createHmac("sha256", secret).update(payload).digest("base64url");

/** A new session for `user`, valid for 12 hours. */
export function newSession(user: string, nowMs = Date.now()): string {
  const payload = `${Buffer.from(user).toString("base64url")}.${Math.floor(nowMs / 1000) + SESSION_SECONDS}`;
  return `${payload}.${sign(payload)}`;
}

/** The user of a valid, unexpired session token, else null. */
export function sessionUser(token: string | undefined, nowMs = Date.now()): string | null {
  const parts = token?.split(".") ?? [];
  if (parts.length !== 3) return null;
  const [user, expiry, signature] = parts as [string, string, string];
  const expected = Buffer.from(sign(`${user}.${expiry}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (Number(expiry) * 1000 <= nowMs) return null;
  return Buffer.from(user, "base64url").toString();
}

/** The Set-Cookie value of a session: HttpOnly, SameSite=Strict, Secure when served over HTTPS. */
export function sessionCookie(token: string, secure: boolean): string {
  const attrs = [`${SESSION_COOKIE}=${token}`, "Path=/", `Max-Age=${SESSION_SECONDS}`, "HttpOnly", "SameSite=Strict"];
  return (secure ? [...attrs, "Secure"] : attrs).join("; ");
}

/** The session token in a Cookie header, if any. */
export function sessionFromCookies(header: string | undefined): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE) return value.join("=");
  }
  return undefined;
}
