/** `GET /api/health`: 200 when the model is loaded and ready; 503 with the reason while it loads or after it failed. */
import { engineState, loadEngine } from "@/lib/engine";
import { encoderStatus } from "./encoder-status";
import type { HealthResponse } from "./info-contract";

const loading = (): Response =>
  Response.json({ status: "loading", reason: "the model is loading" } satisfies HealthResponse, {
    status: 503,
    headers: { "Retry-After": "2" },
  });

export function health(): Response {
  const state = engineState();
  switch (state.status) {
    case "ready":
      return Response.json({
        status: "ok",
        model_dir: state.choice.dir,
        test_model: state.choice.testModel,
        encoder: encoderStatus(state.engine),
      } satisfies HealthResponse);
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
