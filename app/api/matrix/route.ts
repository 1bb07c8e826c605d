import { errorResponse } from "@/lib/api/errors";
import { matrix, planMatrix } from "@/lib/api/matrix";
import { MatrixRequestSchema } from "@/lib/api/matrix-contract";
import { parseJsonBody } from "@/lib/api/parse";
import { ndjsonResponse, wantsNdjson } from "@/lib/api/progress-stream";
import { readyEngine } from "@/lib/api/ready-engine";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** JSON by default; with `Accept: application/x-ndjson`, progress lines then the same result (see progress-stream). */
export async function POST(req: Request): Promise<Response> {
  try {
    const body = await parseJsonBody(req, MatrixRequestSchema, MAX_BODY_BYTES);
    const { engine, choice } = await readyEngine();
    const plan = planMatrix(engine, body);
    if (wantsNdjson(req)) {
      return ndjsonResponse(req, (onProgress, signal) => matrix(engine, choice, plan, { onProgress, signal }));
    }
    return Response.json(await matrix(engine, choice, plan, { signal: req.signal }));
  } catch (e) {
    return errorResponse(e);
  }
}
