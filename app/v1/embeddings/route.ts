import { openAIEmbeddingsRoute } from "@/lib/api/openai";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = openAIEmbeddingsRoute("/v1/embeddings");
