/**
 * Who is calling: an API key (`Authorization: Bearer …`), a page session, or only a client address. The front door
 * (front-door.ts) tells the routes behind it through one request header it alone sets, so a client cannot claim it.
 */
import "server-only";
import type { IncomingMessage } from "node:http";
import { fingerprint, isApiKey, keysRequired, loginRequired } from "./credentials";
import { sessionFromCookies, sessionUser } from "./session";

export const CALLER_HEADER = "x-bge-m3-authenticated";

export interface Caller {
  /** The rate limits' client: `key:<fingerprint>`, `user:<name>` or `address:<ip>`. */
  client: string;
  authenticated: boolean;
  /** The fingerprint of a key given but not accepted, for the log. */
  rejectedKey: string | null;
}

/** Whether any credential is configured; with none, every caller counts as authenticated, as before. */
export const authConfigured = (): boolean => keysRequired() || loginRequired();

const bearer = (header: string | undefined): string | null => /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1] ?? null;

export function identify(req: IncomingMessage): Caller {
  const key = bearer(req.headers.authorization);
  if (key && keysRequired() && isApiKey(key)) {
    return { client: `key:${fingerprint(key)}`, authenticated: true, rejectedKey: null };
  }
  const user = loginRequired() ? sessionUser(sessionFromCookies(req.headers.cookie)) : null;
  if (user !== null) return { client: `user:${user}`, authenticated: true, rejectedKey: null };
  return {
    client: `address:${req.socket.remoteAddress ?? "unknown"}`,
    authenticated: !authConfigured(),
    rejectedKey: key && authConfigured() ? fingerprint(key) : null,
  };
}

/** Whether the front door vouched for a route's caller (always so with no credentials configured). */
export const callerAuthenticated = (req: Request | undefined): boolean =>
  !authConfigured() || req?.headers.get(CALLER_HEADER) === "1";
