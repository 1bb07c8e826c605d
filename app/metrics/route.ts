import { apiRoute } from "@/lib/api/api-route";
import { metrics } from "@/lib/api/metrics";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Prometheus text format. */
export const GET = apiRoute("/metrics", async () => {
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
});
