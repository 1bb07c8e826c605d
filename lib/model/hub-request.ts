/**
 * HTTP against the Hugging Face Hub (or a mirror with the same URL scheme): file URLs, a GET that follows
 * redirects itself so the token never leaves the Hub's origin, and `Content-Range` checking for resumes.
 */
import type { ManifestFile, ModelManifest } from "./manifest";

export const DEFAULT_ENDPOINT = "https://huggingface.co";
const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Environment variables as read here (a plain record, so tests can pass their own). */
type Env = Record<string, string | undefined>;

/** `HF_ENDPOINT` without trailing slashes, or `https://huggingface.co`. */
export function hubEndpoint(env: Env = process.env): string {
  return (env.HF_ENDPOINT?.trim() || DEFAULT_ENDPOINT).replace(/\/+$/, "");
}

/**
 * `HF_TOKEN`, but only when the endpoint is huggingface.co itself: a user's Hub token is never sent to a mirror.
 */
export function hubToken(endpoint: string, env: Env = process.env): string | undefined {
  const host = new URL(endpoint).hostname;
  const isHub = host === "huggingface.co" || host.endsWith(".huggingface.co");
  return isHub ? env.HF_TOKEN?.trim() || undefined : undefined;
}

/** `{endpoint}/{repo}/resolve/{revision}/{path}`, each path segment URL-encoded (`refs/pr/1` becomes `refs%2Fpr%2F1`). */
export function hubFileUrl(endpoint: string, manifest: ModelManifest, file: ManifestFile): string {
  const filePath = file.path.split("/").map(encodeURIComponent).join("/");
  return `${endpoint}/${manifest.repo}/resolve/${encodeURIComponent(manifest.revision)}/${filePath}`;
}

export interface HubGetOptions {
  /** Sent only to URLs on this origin (the endpoint's), never to the CDN a redirect points to. */
  token?: string;
  authOrigin: string;
  /** First byte wanted: adds `Range: bytes={offset}-` when above 0. */
  offset?: number;
  signal?: AbortSignal;
}

/** `fetch` failed before any HTTP answer (DNS, refused, reset, TLS...): names the URL and the system error code. */
export class HubNetworkError extends Error {
  constructor(
    readonly url: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    const detail = code ?? (cause as { cause?: { message?: string } })?.cause?.message;
    super(`cannot reach ${new URL(url).origin}${detail ? ` (${detail})` : ""}`, { cause });
    this.name = "HubNetworkError";
  }
}

/** A response that is not a redirect, and the URL that gave it. */
export interface HubResponse {
  response: Response;
  url: string;
}

/** Redirects that lead nowhere: a loop, or more than {@link MAX_REDIRECTS} of them. */
export class HubRedirectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HubRedirectError";
  }
}

/**
 * GET that follows up to 10 redirects, re-deciding the `Authorization` header for each hop's origin.
 * Throws {@link HubRedirectError} when a redirect points back to a URL already visited, or after 10.
 */
export async function hubGet(url: string, opts: HubGetOptions): Promise<HubResponse> {
  const visited = [new URL(url).href];
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    // identity: byte counts, Range offsets and Content-Length must all refer to the file itself, not a gzip of it.
    const headers: Record<string, string> = {
      "user-agent": "bge-m3-studio (model download)",
      "accept-encoding": "identity",
    };
    if (opts.offset && opts.offset > 0) headers.range = `bytes=${opts.offset}-`;
    if (opts.token && new URL(current).origin === opts.authOrigin) headers.authorization = `Bearer ${opts.token}`;
    const response = await fetchOrExplain(current, { headers, redirect: "manual", signal: opts.signal });
    const location = response.headers.get("location");
    if (!REDIRECT_STATUSES.has(response.status) || !location) return { response, url: current };
    await response.body?.cancel();
    current = new URL(location, current).href;
    const seen = visited.indexOf(current);
    if (seen >= 0) {
      const from = seen === 0 ? "" : `${url} leads to `;
      throw new HubRedirectError(`${from}redirects in a loop between ${listed(visited.slice(seen))}`);
    }
    visited.push(current);
  }
  throw new HubRedirectError(`${url} answered with more than ${MAX_REDIRECTS} redirects`);
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** `fetch`, but a network failure becomes a {@link HubNetworkError}; an abort is rethrown as is. */
async function fetchOrExplain(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if (init.signal?.aborted) throw init.signal.reason ?? err;
    throw new HubNetworkError(url, networkErrorCode(err), err);
  }
}

/** Parsed `Content-Range: bytes start-end/total` (`total` undefined for `*`). */
export interface ContentRange {
  start: number;
  end: number;
  total: number | undefined;
}

export function parseContentRange(header: string | null): ContentRange | undefined {
  const match = header?.match(/^bytes (\d+)-(\d+)\/(\d+|\*)$/);
  if (!match) return undefined;
  const total = match[3] === "*" ? undefined : Number(match[3]);
  return { start: Number(match[1]), end: Number(match[2]), total };
}

/** True when a 206 answer continues exactly at `offset` and runs to the last byte of a `size`-byte file. */
export function rangeContinuesAt(header: string | null, offset: number, size: number): boolean {
  const range = parseContentRange(header);
  return !!range && range.start === offset && range.end === size - 1 && (range.total ?? size) === size;
}

/** The system error code inside a failed `fetch` (e.g. `ENOTFOUND`, `ECONNREFUSED`), if any. */
export function networkErrorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const nested = (e as { errors?: unknown[] }).errors?.[0];
    e = (e as { cause?: unknown }).cause ?? nested;
  }
  return undefined;
}
