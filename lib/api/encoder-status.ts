/** Where the encoder runs and how it is doing, for `GET /api/health` and `GET /api/info`. */
import type { Engine } from "@/lib/engine";
import { type EncoderTarget, encoderTargetFromEnv, targetUrl } from "@/lib/engine/remote";
import type { EncoderStatus, InfoResponse } from "./info-contract";

const LOCAL: EncoderStatus = { backend: "local", url: null, status: "ok", detail: null, checked_at: null };

/** The ready engine's encoder, with the remote one's last known health (a probe runs when it is stale). */
export function encoderStatus(engine: Engine): EncoderStatus {
  if (!engine.remote) return LOCAL;
  const h = engine.remote.health();
  const { target } = engine.remote.client;
  return {
    backend: target.protocol,
    url: targetUrl(target),
    status: h.status,
    detail: h.detail,
    checked_at: h.checkedAt,
  };
}

function configured(): EncoderTarget | null {
  try {
    return encoderTargetFromEnv();
  } catch {
    return null;
  }
}

/** `/api/info`'s encoder: the ready engine's, else the one the environment names (not asked yet). */
export function encoderInfo(engine: Engine | null): InfoResponse["encoder"] {
  const target = engine ? (engine.remote?.client.target ?? null) : configured();
  if (!target || target.protocol === "local") return { ...LOCAL, limits: null };
  const status = engine
    ? encoderStatus(engine)
    : { ...LOCAL, backend: target.protocol, url: targetUrl(target), status: "unknown" as const };
  const s = target.settings;
  const limits = {
    max_batch_rows: s.maxBatchRows,
    max_batch_tokens: s.maxBatchTokens,
    concurrency: s.concurrency,
    timeout_ms: s.timeoutMs,
    retries: s.retries,
  };
  return { ...status, limits };
}
