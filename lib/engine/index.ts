/**
 * The process-wide engine: loaded once (kept on globalThis across dev reloads), shared by every route.
 * Server-side only.
 */
import { log } from "@/lib/log";
import { Engine } from "./engine";
import { chooseModelDir, type ModelChoice } from "./model-dir";
import { defaultThreads } from "./ort";

export { Engine, MAX_LENGTH_LIMIT } from "./engine";

export type EngineState =
  | { status: "idle" }
  | { status: "loading"; since: number; choice: ModelChoice | null }
  | { status: "ready"; engine: Engine; choice: ModelChoice; loadMs: number }
  | { status: "failed"; error: Error; choice: ModelChoice | null };

interface Holder {
  state: EngineState;
  loading: Promise<Engine> | null;
}

const g = globalThis as typeof globalThis & { __bgeM3Engine?: Holder };
g.__bgeM3Engine ??= { state: { status: "idle" }, loading: null };
const holder: Holder = g.__bgeM3Engine;

export function engineState(): EngineState {
  return holder.state;
}

/** Starts loading the model (once) and resolves with the engine; rejects with the load error. */
export function loadEngine(): Promise<Engine> {
  if (holder.loading) return holder.loading;
  const since = Date.now();
  holder.state = { status: "loading", since, choice: null };
  holder.loading = (async () => {
    let choice: ModelChoice | null = null;
    try {
      choice = chooseModelDir();
      holder.state = { status: "loading", since, choice };
      const engine = await Engine.load({ modelDir: choice.dir, threads: defaultThreads() });
      const loadMs = Date.now() - since;
      holder.state = { status: "ready", engine, choice, loadMs };
      const line = { model_dir: choice.dir, test_model: choice.testModel, threads: engine.threads, load_ms: loadMs };
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
