import { apiRouteSync } from "@/lib/api/api-route";
import { health } from "@/lib/api/health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** 200 when the model is loaded and ready; 503 with the reason while it loads or after it failed. */
export const GET = apiRouteSync("/api/health", health);
