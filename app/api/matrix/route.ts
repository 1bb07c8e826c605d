import { apiRoute } from "@/lib/api/api-route";
import { encodeTexts } from "@/lib/api/encode";
import { checkTextFields, matrixLimits } from "@/lib/api/limits";
import { matrix, planMatrix } from "@/lib/api/matrix";
import { MatrixRequestSchema } from "@/lib/api/matrix-contract";
import { parseJsonBody } from "@/lib/api/parse";
import { ndjsonResponse, wantsNdjson } from "@/lib/api/progress-stream";
import { readyEngine } from "@/lib/api/ready-engine";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** JSON by default; with `Accept: application/x-ndjson`, progress lines then the same result (see progress-stream). */
export const POST = apiRoute("/api/matrix", async (req, meter) => {
  const limits = matrixLimits();
  const body = await parseJsonBody(req, MatrixRequestSchema, limits.maxBodyBytes);
  checkTextFields({ texts: body.texts }, limits);
  const { engine, choice } = await readyEngine();
  const plan = await planMatrix(engine, body);
  const encode = (texts: readonly string[], maxLength: number) => encodeTexts(engine, texts, maxLength, meter);
  if (wantsNdjson(req)) {
    return ndjsonResponse(req, (onProgress, signal) => matrix(engine, choice, plan, { onProgress, signal, encode }));
  }
  return Response.json(await matrix(engine, choice, plan, { signal: req.signal, encode }));
});
