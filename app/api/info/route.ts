import { apiRoute } from "@/lib/api/api-route";
import { serverInfo } from "@/lib/api/info";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Always 200: the model's state is in `status` (use /api/health for readiness). */
export const GET = apiRoute("/api/info", async () => Response.json(serverInfo()));
