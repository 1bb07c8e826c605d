import { embedRoute } from "@/lib/api/embed";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = embedRoute("/api/embed");
