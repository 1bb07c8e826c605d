import { tokenizeRoute } from "@/lib/api/tokenize";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = tokenizeRoute("/api/tokenize");
