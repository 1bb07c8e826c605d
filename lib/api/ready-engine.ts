/** The loaded engine for a route, or a 503 that says why the model is not ready. */
import { type Engine, engineState, loadEngine } from "@/lib/engine";
import type { ModelChoice } from "@/lib/engine/model-dir";
import { ApiError } from "./errors";

export async function readyEngine(): Promise<{ engine: Engine; choice: ModelChoice }> {
  let state = engineState();
  if (state.status === "idle") {
    await loadEngine().catch(() => undefined);
    state = engineState();
  }
  switch (state.status) {
    case "ready":
      return { engine: state.engine, choice: state.choice };
    case "failed":
      throw new ApiError("model_not_ready", `the model failed to load: ${state.error.message}`);
    default:
      throw new ApiError("model_not_ready", "the model is still loading; retry shortly", undefined, {
        "Retry-After": "2",
      });
  }
}
