/**
 * `GET /api/info`: what runs (model, revision, verification, test-model flag, threads, version), every limit, and the
 * inference speed measured so far.
 */

import { modelInfo } from "@/lib/api/model-info";
import { settingsInForce } from "@/lib/config/settings";
import { engineState, loadEngine, modelVerification } from "@/lib/engine";
import { batcherConfigFromEnv, batchLimitsFromEnv } from "@/lib/engine/batcher";
import { cacheBytesFromEnv } from "@/lib/engine/cache";
import { memoryBudgetFromEnv } from "@/lib/engine/memory";
import { authConfigured } from "@/lib/security/caller";
import { rateLimits } from "@/lib/security/rate-limit";
import pkg from "@/package.json";
import { COVERAGE_MAX_COLBERT_CELLS } from "./coverage-contract";
import { sharedEncoder } from "./encode";
import { encoderInfo } from "./encoder-status";
import type { InfoResponse } from "./info-contract";
import { matrixLimits, openAILimits, requestLimits, tuneLimits } from "./limits";
import { MATRIX_DEFAULT_MAX_LENGTH, MATRIX_MAX_TOTAL_TOKENS } from "./matrix-contract";
import { metrics } from "./metrics";
import { MIN_MAX_LENGTH, MODEL_MAX_LENGTH } from "./schemas";

function rateLimitInfo(): InfoResponse["limits"]["rate_limit"] {
  const { rpm, tpm } = rateLimits();
  return { requests_per_minute: rpm, tokens_per_minute: tpm, per: authConfigured() ? "key" : "address" };
}

/** The budget in force, or the one the environment sets while the model loads. */
function memoryBudgetMb(bytes: number | undefined): number {
  return Math.round((bytes ?? memoryBudgetFromEnv()) / 1024 / 1024);
}

export function serverInfo(): InfoResponse {
  const state = engineState();
  if (state.status === "idle") loadEngine().catch(() => undefined);
  const ready = state.status === "ready" ? state : null;
  const shared = ready ? sharedEncoder(ready.engine) : null;
  const config = shared?.config ?? batcherConfigFromEnv();
  const batch = ready?.engine.batchLimits ?? batchLimitsFromEnv();
  const limits = requestLimits();
  const tune = tuneLimits(limits);
  const cache = shared?.cache?.stats();
  const choice = state.status === "idle" ? null : state.choice;
  const v = modelVerification();
  return {
    version: pkg.version,
    status: state.status,
    reason: state.status === "failed" ? state.error.message : state.status === "ready" ? null : "the model is loading",
    model: ready
      ? { ...modelInfo(ready.engine, ready.choice), dir: ready.choice.dir, max_length: ready.engine.maxLength }
      : null,
    test_model: choice?.testModel ?? null,
    verification: { status: v.status, detail: v.detail, checked_at: v.checkedAt },
    threads: ready?.engine.threads ?? null,
    limits: {
      max_texts: limits.maxTexts,
      max_chars: limits.maxChars,
      max_body_bytes: limits.maxBodyBytes,
      max_length: { min: MIN_MAX_LENGTH, max: ready?.engine.maxLength ?? MODEL_MAX_LENGTH },
      max_batch_tokens: batch.maxTokens ?? null,
      max_batch_rows: batch.maxRows ?? null,
      max_queue_tokens: config.maxQueueTokens,
      memory_budget_mb: memoryBudgetMb(ready?.engine.batchLimits.memory?.budgetBytes),
      matrix: {
        max_texts: matrixLimits(limits).maxTexts,
        max_total_tokens: MATRIX_MAX_TOTAL_TOKENS,
        default_max_length: MATRIX_DEFAULT_MAX_LENGTH,
      },
      coverage: {
        max_passages: limits.maxTexts,
        max_sentences: limits.maxTexts,
        max_colbert_cells: COVERAGE_MAX_COLBERT_CELLS,
      },
      tune: { max_pairs: tune.maxPairs, max_body_bytes: tune.maxBodyBytes },
      openai: { max_inputs: openAILimits(limits).maxTexts },
      rate_limit: rateLimitInfo(),
    },
    settings: settingsInForce(),
    batching: {
      enabled: config.enabled,
      window_ms: config.windowMs,
      queued: shared?.batcher.queued() ?? 0,
      queued_tokens: shared?.batcher.queuedTokens() ?? 0,
    },
    attention: ready
      ? {
          mode: ready.engine.execution.attention,
          fallback: ready.engine.execution.attentionFallback,
          flash: ready.engine.execution.flashAttention,
        }
      : null,
    cache: {
      max_bytes: shared?.cacheMaxBytes ?? cacheBytesFromEnv(),
      entries: cache?.entries ?? 0,
      bytes: cache?.bytes ?? 0,
      hits: cache?.hits ?? 0,
      misses: cache?.misses ?? 0,
    },
    speed: metrics().speed.current(),
    encoder: encoderInfo(ready?.engine ?? null),
  };
}
