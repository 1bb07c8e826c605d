import { engineState, loadEngine } from "@/lib/engine";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** 200 when the model is loaded and ready; 503 with the reason while it loads or after it failed. */
export function GET(): Response {
  const state = engineState();
  switch (state.status) {
    case "ready":
      return Response.json({ status: "ok", model_dir: state.choice.dir, test_model: state.choice.testModel });
    case "failed":
      return Response.json({ status: "failed", reason: state.error.message }, { status: 503 });
    case "idle":
      loadEngine().catch(() => undefined);
      return Response.json(
        { status: "loading", reason: "the model is loading" },
        { status: 503, headers: { "Retry-After": "2" } },
      );
    case "loading":
      return Response.json(
        { status: "loading", reason: "the model is loading" },
        { status: 503, headers: { "Retry-After": "2" } },
      );
  }
}
