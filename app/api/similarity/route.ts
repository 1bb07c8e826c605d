import { errorResponse } from "@/lib/api/errors";
import { parseJsonBody } from "@/lib/api/parse";
import { readyEngine } from "@/lib/api/ready-engine";
import { similarity } from "@/lib/api/similarity";
import { SimilarityRequestSchema } from "@/lib/api/similarity-contract";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function POST(req: Request): Promise<Response> {
  try {
    const body = await parseJsonBody(req, SimilarityRequestSchema, MAX_BODY_BYTES);
    const { engine, choice } = await readyEngine();
    return Response.json(await similarity(engine, choice, body));
  } catch (e) {
    return errorResponse(e);
  }
}
