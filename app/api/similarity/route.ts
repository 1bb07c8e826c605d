import { apiRoute } from "@/lib/api/api-route";
import { encodeTexts } from "@/lib/api/encode";
import { slicedJsonResponse } from "@/lib/api/json-stream";
import { checkTextFields, requestLimits } from "@/lib/api/limits";
import { parseJsonBody } from "@/lib/api/parse";
import { readyEngine } from "@/lib/api/ready-engine";
import { similarity } from "@/lib/api/similarity";
import { SimilarityRequestSchema } from "@/lib/api/similarity-contract";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiRoute("/api/similarity", async (req, meter) => {
  const limits = requestLimits();
  const body = await parseJsonBody(req, SimilarityRequestSchema, limits.maxBodyBytes);
  checkTextFields({ a: body.a, b: body.b }, limits);
  const { engine, choice } = await readyEngine();
  return slicedJsonResponse(
    await similarity(engine, choice, body, (texts, ml) => encodeTexts(engine, texts, ml, meter)),
  );
});
