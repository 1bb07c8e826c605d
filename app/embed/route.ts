/** `/embed`: the same handler as `/api/embed`, for clients of TEI-style `{"texts": [...], "mode": "dense"}` examples. */
import { embedRoute } from "@/lib/api/embed";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = embedRoute("/embed");
