/**
 * Where the encoder runs (`BGE_M3_ENCODER`) and how the Studio talks to a remote one (`BGE_M3_ENCODER_*`):
 * `local` (default, the embedded onnxruntime), `kserve-v2+http://HOST:PORT/v2/models/NAME[/versions/V]` (Open
 * Inference Protocol v2 over REST: Triton, KServe, MLServer) or `tei+http://HOST:PORT` (text-embeddings-inference).
 */
import type { Env } from "@/lib/config/env";
import { setting } from "@/lib/config/settings";

export type RemoteProtocol = "kserve-v2" | "tei";

/** How requests to the remote engine are sized, bounded and retried. */
export interface RemoteSettings {
  /** Rows per remote request; a bigger batch is split. */
  maxBatchRows: number;
  /** Rows × padded length per remote request; one longer text still goes alone. */
  maxBatchTokens: number;
  /** Remote requests in flight at once, from this process. */
  concurrency: number;
  /** Per attempt, from sending to the last byte of the answer. */
  timeoutMs: number;
  /** Further attempts after a 429, 502, 503, 504 or a connection error. */
  retries: number;
}

export interface RemoteTarget {
  protocol: RemoteProtocol;
  /** The server's origin, e.g. http://triton:8000. */
  origin: string;
  /** KServe v2: the model's path, `/v2/models/NAME` or `/v2/models/NAME/versions/V`; TEI: "". */
  modelPath: string;
  settings: RemoteSettings;
}

export type EncoderTarget = { protocol: "local" } | RemoteTarget;

const V2_MODEL_PATH = /^\/v2\/models\/[^/]+(\/versions\/[^/]+)?$/;

const USAGE =
  "BGE_M3_ENCODER must be local, kserve-v2+http://HOST:PORT/v2/models/NAME or tei+http://HOST:PORT (https too)";

function remoteUrl(raw: string, protocol: RemoteProtocol): URL {
  let url: URL;
  try {
    url = new URL(raw.slice(protocol.length + 1));
  } catch {
    throw new RangeError(`${USAGE}; got "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new RangeError(`${USAGE}; got "${raw}"`);
  if (url.username || url.password || url.search || url.hash)
    throw new RangeError(`BGE_M3_ENCODER takes no credentials, query or fragment; got "${raw}"`);
  return url;
}

/** `BGE_M3_ENCODER_*`: request sizes, concurrency, timeout and retries for a remote encoder. */
export function remoteSettingsFromEnv(env: Env = process.env): RemoteSettings {
  return {
    maxBatchRows: setting("BGE_M3_ENCODER_MAX_BATCH_ROWS", env),
    maxBatchTokens: setting("BGE_M3_ENCODER_MAX_BATCH_TOKENS", env),
    concurrency: setting("BGE_M3_ENCODER_CONCURRENCY", env),
    timeoutMs: setting("BGE_M3_ENCODER_TIMEOUT_MS", env),
    retries: setting("BGE_M3_ENCODER_RETRIES", env),
  };
}

/** `BGE_M3_ENCODER`, with the settings of a remote one. */
export function encoderTargetFromEnv(env: Env = process.env): EncoderTarget {
  const raw = setting("BGE_M3_ENCODER", env) ?? "local";
  if (raw.toLowerCase() === "local") return { protocol: "local" };
  const protocol = (["kserve-v2", "tei"] as const).find((p) => raw.toLowerCase().startsWith(`${p}+`));
  if (!protocol) throw new RangeError(`${USAGE}; got "${raw}"`);
  const url = remoteUrl(raw, protocol);
  const path = url.pathname.replace(/\/+$/, "");
  if (protocol === "kserve-v2" && !V2_MODEL_PATH.test(path))
    throw new RangeError(`BGE_M3_ENCODER: a kserve-v2 URL ends in /v2/models/NAME; got "${raw}"`);
  if (protocol === "tei" && path !== "")
    throw new RangeError(`BGE_M3_ENCODER: a tei URL is the server's origin (tei+http://HOST:PORT); got "${raw}"`);
  return { protocol, origin: url.origin, modelPath: path, settings: remoteSettingsFromEnv(env) };
}

/** The target as shown in logs and /api/info. */
export const targetUrl = (t: RemoteTarget): string => `${t.origin}${t.modelPath}`;
