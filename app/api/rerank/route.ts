import { rerankRoute } from "@/lib/api/rerank";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = rerankRoute("/api/rerank");
