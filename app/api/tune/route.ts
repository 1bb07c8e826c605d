import { errorResponse } from "@/lib/api/errors";
import { parseJsonBody } from "@/lib/api/parse";
import { ndjsonResponse, wantsNdjson } from "@/lib/api/progress-stream";
import { readyEngine } from "@/lib/api/ready-engine";
import { checkTuneLabels, tune } from "@/lib/api/tune";
import { TuneRequestSchema } from "@/lib/api/tune-contract";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** JSON by default; with `Accept: application/x-ndjson`, progress lines then the same result (see progress-stream). */
export async function POST(req: Request): Promise<Response> {
  try {
    const body = await parseJsonBody(req, TuneRequestSchema, MAX_BODY_BYTES);
    checkTuneLabels(body);
    const { engine, choice } = await readyEngine();
    if (wantsNdjson(req)) {
      return ndjsonResponse(req, (onProgress, signal) => tune(engine, choice, body, { onProgress, signal }));
    }
    return Response.json(await tune(engine, choice, body, { signal: req.signal }));
  } catch (e) {
    return errorResponse(e);
  }
}
