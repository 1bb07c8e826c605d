/**
 * Every route of the HTTP API with its handler: what the API front (api-front.ts) answers each path with, in
 * `next start`, `next dev` and the tests alike. Every handler goes through `apiRoute`.
 */
import "server-only";
import { apiRoute, apiRouteSync } from "./api-route";
import { coverageRoute } from "./coverage";
import { embedRoute } from "./embed";
import { health } from "./health";
import { serverInfo } from "./info";
import { matrixRoute } from "./matrix";
import { metrics } from "./metrics";
import { openAIEmbeddingsRoute } from "./openai";
import { openApiDocument } from "./openapi";
import { rerankRoute } from "./rerank";
import type { ApiRoutePath } from "./routes";
import { similarityRoute } from "./similarity";
import { tokenizeRoute } from "./tokenize";
import { tuneRoute } from "./tune";

export type ApiHandler = (req: Request) => Response | Promise<Response>;

/** Prometheus text format. */
const metricsText = apiRoute("/metrics", async () => {
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
});

/** Each path's handler for the one method `API_ROUTES` gives it. */
export const API_HANDLERS = {
  "/api/embed": embedRoute("/api/embed"),
  // The same handler, for clients of TEI-style `{"texts": [...], "mode": "dense"}` examples.
  "/embed": embedRoute("/embed"),
  "/v1/embeddings": openAIEmbeddingsRoute("/v1/embeddings"),
  "/api/tokenize": tokenizeRoute("/api/tokenize"),
  "/api/rerank": rerankRoute("/api/rerank"),
  "/api/similarity": similarityRoute("/api/similarity"),
  // These three answer JSON, or with `Accept: application/x-ndjson` progress lines then the same result.
  "/api/matrix": matrixRoute("/api/matrix"),
  "/api/coverage": coverageRoute("/api/coverage"),
  "/api/tune": tuneRoute("/api/tune"),
  // 200 when the model is loaded and ready; 503 with the reason while it loads or after it failed.
  "/api/health": apiRouteSync("/api/health", health),
  // Always 200: the model's state is in `status` (use /api/health for readiness).
  "/api/info": apiRoute("/api/info", async () => Response.json(serverInfo())),
  "/metrics": metricsText,
  "/api/openapi.json": apiRoute("/api/openapi.json", async () => Response.json(openApiDocument())),
} as const satisfies { readonly [P in ApiRoutePath]: ApiHandler };
