import { apiRoute } from "@/lib/api/api-route";
import { openApiDocument } from "@/lib/api/openapi";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute("/api/openapi.json", async () => Response.json(openApiDocument()));
