import { similarityRoute } from "@/lib/api/similarity";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = similarityRoute("/api/similarity");
