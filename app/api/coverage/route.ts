import { coverageRoute } from "@/lib/api/coverage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** JSON by default; with `Accept: application/x-ndjson`, progress lines then the same result (see progress-stream). */
export const POST = coverageRoute("/api/coverage");
