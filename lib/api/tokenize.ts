/** `POST /api/tokenize`: each text's tokens with UTF-16 offsets, and its token count before and after truncation. */
import { modelInfo } from "@/lib/api/model-info";
import { apiRoute } from "./api-route";
import { checkTextFields, requestLimits, resolveMaxLength } from "./limits";
import { parseJsonBody } from "./parse";
import { readyEngine } from "./ready-engine";
import type { ApiRoutePath } from "./routes";
import { TokenizeRequestSchema, type TokenizeResponse } from "./tokenize-contract";

export function tokenizeRoute(route: ApiRoutePath): (req: Request) => Promise<Response> {
  return apiRoute(route, async (req, meter) => {
    const limits = requestLimits();
    const body = await parseJsonBody(req, TokenizeRequestSchema, limits.maxBodyBytes);
    checkTextFields({ texts: body.texts }, limits);
    const { engine, choice } = await readyEngine();
    const maxLength = resolveMaxLength(engine, body.max_length);
    const t0 = performance.now();
    const results = [];
    for (const text of body.texts) {
      const t = await engine.tokenizeInSlices(text, maxLength);
      const last = t.tokens.length - 1;
      results.push({
        tokens: t.tokens.map((tok, i) => ({ ...tok, special: i === 0 || i === last })),
        count: { before: t.countBefore, after: t.ids.length, truncated: t.truncated },
      });
    }
    const tokens = results.reduce((s, r) => s + r.count.after, 0);
    meter.tokenizeMs += performance.now() - t0;
    meter.texts += body.texts.length;
    meter.tokens += tokens;
    const response: TokenizeResponse = {
      model: modelInfo(engine, choice),
      max_length: maxLength,
      results,
      usage: { tokens },
    };
    return Response.json(response);
  });
}
