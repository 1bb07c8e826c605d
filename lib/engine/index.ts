/**
 * The process-wide engine: loaded once (kept on globalThis across dev reloads), shared by every route.
 * Server-side only.
 */

import "server-only";
import type { Env } from "@/lib/config/env";
import { checkSettings, setting } from "@/lib/config/settings";
import { log } from "@/lib/log";
import { batchLimitsFromEnv } from "./batcher";
import { SHORT_LANE_MAX_SEQ } from "./batches";
import { Engine } from "./engine";
import { type AttentionMode, memoryBudgetFromEnv } from "./memory";
import { chooseModelDir, type ModelChoice } from "./model-dir";
import { defaultThreads, deviceFromEnv } from "./ort";
import { encoderTargetFromEnv, targetUrl } from "./remote";
import { variantFromEnv } from "./variant";
import { checkModelFiles, identityOf, type ModelVerification } from "./verification";

export { Engine, MAX_LENGTH_LIMIT } from "./engine";
export type { ModelVerification } from "./verification";

export type EngineState =
  | { status: "idle" }
  | { status: "loading"; since: number; choice: ModelChoice | null }
  | { status: "ready"; engine: Engine; choice: ModelChoice; loadMs: number }
  | { status: "failed"; error: Error; choice: ModelChoice | null };

interface Holder {
  state: EngineState;
  loading: Promise<Engine> | null;
  verification?: ModelVerification;
}

const NOT_CHECKED: ModelVerification = {
  status: "not_checked",
  detail: "the model files have not been checked yet",
  checkedAt: null,
};

const g = globalThis as typeof globalThis & { __bgeM3Engine?: Holder };
g.__bgeM3Engine ??= { state: { status: "idle" }, loading: null };
const holder: Holder = g.__bgeM3Engine;

export function engineState(): EngineState {
  return holder.state;
}

/** The model files' verification state (see `ModelVerification`). */
export function modelVerification(): ModelVerification {
  return holder.verification ?? NOT_CHECKED;
}

/** Records the outcome of a model-file check, for `GET /api/info`. */
export function setModelVerification(v: ModelVerification): void {
  holder.verification = v;
}

/** `BGE_M3_ATTENTION`: chunked (default) or full. */
export function attentionFromEnv(env: Env = process.env): AttentionMode {
  return setting("BGE_M3_ATTENTION", env);
}

/** Starts loading the model (once) and resolves with the engine; rejects with the load error. */
export function loadEngine(): Promise<Engine> {
  if (holder.loading) return holder.loading;
  const since = Date.now();
  holder.state = { status: "loading", since, choice: null };
  holder.loading = (async () => {
    let choice: ModelChoice | null = null;
    try {
      checkSettings();
      choice = chooseModelDir();
      holder.state = { status: "loading", since, choice };
      const { result: verified, verification } = await checkModelFiles(choice.dir);
      setModelVerification(verification);
      if (verification.status === "failed") throw new Error(`refusing to load the model: ${verification.detail}`);
      choice = { ...choice, ...identityOf(verified) };
      if (verification.status === "not_checked")
        log.warn({ model_dir: choice.dir }, verification.detail ?? "not checked");
      const engine = await Engine.load({
        modelDir: choice.dir,
        revision: verified ? verified.manifest.revision : null,
        threads: defaultThreads(),
        device: deviceFromEnv(),
        batch: batchLimitsFromEnv(),
        variant: variantFromEnv(),
        attention: attentionFromEnv(),
        prefixMaxSeq: setting("BGE_M3_SHORT_WHOLE_GRAPH") ? SHORT_LANE_MAX_SEQ : 0,
        memoryBudgetBytes: memoryBudgetFromEnv(),
        encoder: encoderTargetFromEnv(),
      });
      const loadMs = Date.now() - since;
      holder.state = { status: "ready", engine, choice, loadMs };
      const { device, threads, fallback, variant, attention, attentionFallback, flashAttention } = engine.execution;
      if (fallback) log.warn({ device, fallback }, "execution provider fell back to the CPU");
      if (attentionFallback) log.warn({ attention, reason: attentionFallback }, "attention is not chunked");
      const remote = engine.remote?.client;
      if (remote && remote.health().status !== "ok")
        log.warn({ encoder: remote.url, reason: remote.health().detail }, "the remote encoder does not answer yet");
      const line = {
        model_dir: choice.dir,
        test_model: choice.testModel,
        revision: engine.revision,
        verification: modelVerification().detail,
        device,
        threads,
        variant,
        attention,
        flash_attention: flashAttention,
        memory_budget_mb: Math.round((engine.batchLimits.memory?.budgetBytes ?? 0) / 1024 / 1024),
        encoder: engine.remote ? targetUrl(engine.remote.client.target) : "local",
        load_ms: loadMs,
      };
      if (choice.testModel) {
        log.warn(
          { ...line, reason: choice.fallbackReason },
          "USING THE TEST MODEL (random weights): scores mean nothing about language",
        );
      } else {
        log.info(line, "model loaded");
      }
      return engine;
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      holder.state = { status: "failed", error, choice };
      log.error({ err: error, model_dir: choice?.dir }, "model failed to load");
      throw error;
    }
  })();
  holder.loading.catch(() => undefined);
  return holder.loading;
}
