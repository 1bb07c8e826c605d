import { apiRoute } from "@/lib/api/api-route";
import { encodeTexts } from "@/lib/api/encode";
import { checkTextPairs, tuneLimits } from "@/lib/api/limits";
import { parseJsonBody } from "@/lib/api/parse";
import { ndjsonResponse, wantsNdjson } from "@/lib/api/progress-stream";
import { readyEngine } from "@/lib/api/ready-engine";
import { checkTuneLabels, tune } from "@/lib/api/tune";
import { TuneRequestSchema } from "@/lib/api/tune-contract";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** JSON by default; with `Accept: application/x-ndjson`, progress lines then the same result (see progress-stream). */
export const POST = apiRoute("/api/tune", async (req, meter) => {
  const limits = tuneLimits();
  const body = await parseJsonBody(req, TuneRequestSchema, limits.maxBodyBytes);
  checkTextPairs("pairs", body.pairs, limits);
  checkTuneLabels(body);
  const { engine, choice } = await readyEngine();
  const encode = (texts: readonly string[], maxLength: number) => encodeTexts(engine, texts, maxLength, meter);
  if (wantsNdjson(req)) {
    return ndjsonResponse(req, (onProgress, signal) => tune(engine, choice, body, { onProgress, signal, encode }));
  }
  return Response.json(await tune(engine, choice, body, { signal: req.signal, encode }));
});
