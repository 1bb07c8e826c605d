/**
 * `GET /api/health`: 200 when the model is loaded and ready; 503 with the reason while it loads, after it failed, or
 * once one of its files changed on disk.
 */
import { engineState, loadEngine } from "@/lib/engine";
import { encoderStatus } from "./encoder-status";
import type { HealthResponse } from "./info-contract";
import { modelInfo } from "./model-info";

const loading = (): Response =>
  Response.json({ status: "loading", reason: "the model is loading" } satisfies HealthResponse, {
    status: 503,
    headers: { "Retry-After": "2" },
  });

export function health(): Response {
  const state = engineState();
  switch (state.status) {
    case "ready": {
      const changed = state.engine.changedModelFile();
      if (changed) {
        return Response.json({ status: "failed", reason: changed.message } satisfies HealthResponse, { status: 503 });
      }
      return Response.json({
        status: "ok",
        model: modelInfo(state.engine, state.choice).name,
        model_dir: state.choice.dir,
        test_model: state.choice.testModel,
        encoder: encoderStatus(state.engine),
      } satisfies HealthResponse);
    }
    case "failed":
      return Response.json({ status: "failed", reason: state.error.message } satisfies HealthResponse, {
        status: 503,
      });
    case "idle":
      loadEngine().catch(() => undefined);
      return loading();
    case "loading":
      return loading();
  }
}
