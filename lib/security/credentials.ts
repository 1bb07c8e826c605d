/**
 * The credentials the server accepts: API keys (`BGE_M3_API_KEYS`) and page users (`BGE_M3_AUTH`), each given inline
 * (comma-separated) or as the path of a file (one a line, `#` comments). Only SHA-256 digests are kept, compared in
 * constant time; logs name a key by its fingerprint only.
 */
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { setting } from "@/lib/config/settings";

const sha256 = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/** A short, stable name for a key or token that does not reveal it: the first 12 hex digits of its SHA-256. */
export const fingerprint = (secret: string): string => sha256(secret).toString("hex").slice(0, 12);

/** A value starting with `/`, `./` or `../` names a file. */
const isPath = (value: string): boolean => /^\.{0,2}\//.test(value);

/** The entries of an inline list or of the file it names. */
export function readEntries(value: string): string[] {
  const text = isPath(value) ? readFileSync(value, "utf8") : value.replaceAll(",", "\n");
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** Whether `candidate`'s digest is one of `digests`; every digest is compared, each in constant time. */
function matchesAny(digests: readonly Buffer[], candidate: string): boolean {
  const d = sha256(candidate);
  let found = false;
  for (const known of digests) found = timingSafeEqual(known, d) || found;
  return found;
}

let keysFrom: { raw: string | undefined; digests: Buffer[] } | null = null;
let usersFrom: { raw: string | undefined; users: Map<string, Buffer> } | null = null;

function keyDigests(): Buffer[] {
  const raw = setting("BGE_M3_API_KEYS");
  if (keysFrom && keysFrom.raw === raw) return keysFrom.digests;
  const digests = raw ? readEntries(raw).map(sha256) : [];
  keysFrom = { raw, digests };
  return digests;
}

function userDigests(): Map<string, Buffer> {
  const raw = setting("BGE_M3_AUTH");
  if (usersFrom && usersFrom.raw === raw) return usersFrom.users;
  const pairs = raw ? readEntries(raw).map((e) => [e.slice(0, e.indexOf(":")), e.slice(e.indexOf(":") + 1)]) : [];
  if (pairs.some(([user]) => !user)) throw new RangeError("BGE_M3_AUTH entries must be user:password");
  const users = new Map(pairs.map(([user, password]) => [user!, sha256(password!)]));
  usersFrom = { raw, users };
  return users;
}

/** Whether API routes need a key. */
export const keysRequired = (): boolean => keyDigests().length > 0;

/** Whether the pages need a login. */
export const loginRequired = (): boolean => userDigests().size > 0;

export const isApiKey = (candidate: string): boolean => matchesAny(keyDigests(), candidate);

/** Whether `password` is `user`'s; an unknown user costs the same comparison. */
export function isPassword(user: string, password: string): boolean {
  const known = userDigests().get(user);
  return matchesAny([known ?? sha256(`\0unknown:${password}`)], password) && known !== undefined;
}
