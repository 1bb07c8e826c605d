/**
 * `GET /api/health`: 200 when the model is loaded and ready; 503 with the reason while it loads, after it failed, or
 * once one of its files changed on disk.
 */
import path from "node:path";
import { engineState, loadEngine } from "@/lib/engine";
import { callerAuthenticated } from "@/lib/security/caller";
import { encoderStatus } from "./encoder-status";
import type { HealthResponse } from "./info-contract";
import { modelInfo } from "./model-info";

const loading = (): Response =>
  Response.json({ status: "loading", reason: "the model is loading" } satisfies HealthResponse, {
    status: 503,
    headers: { "Retry-After": "2" },
  });

/** Absolute paths in `text`, for callers the server does not know, as their last part. */
const withoutPaths = (text: string): string => text.replace(/(?:\/[^\s/"'`:]+)+\/([^\s/"'`:]+)/g, "…/$1");

export function health(req?: Request): Response {
  const shown = callerAuthenticated(req) ? (text: string) => text : withoutPaths;
  const state = engineState();
  switch (state.status) {
    case "ready": {
      const changed = state.engine.changedModelFile();
      if (changed) {
        const failed = { status: "failed", reason: shown(changed.message) } satisfies HealthResponse;
        return Response.json(failed, { status: 503 });
      }
      return Response.json({
        status: "ok",
        model: modelInfo(state.engine, state.choice).name,
        model_dir: callerAuthenticated(req) ? state.choice.dir : path.basename(state.choice.dir),
        test_model: state.choice.testModel,
        encoder: encoderStatus(state.engine),
      } satisfies HealthResponse);
    }
    case "failed":
      return Response.json({ status: "failed", reason: shown(state.error.message) } satisfies HealthResponse, {
        status: 503,
      });
    case "idle":
      loadEngine().catch(() => undefined);
      return loading();
    case "loading":
      return loading();
  }
}
