/** `POST /api/tokenize`: each text's tokens with UTF-16 offsets, and its token count before and after truncation. */
import { modelInfo } from "@/lib/api/model-info";
import { countTokens } from "./api-route";
import { checkTextFields, requestLimits } from "./limits";
import type { ApiRoutePath } from "./routes";
import { textRoute } from "./text-route";
import { TokenizeRequestSchema, type TokenizeResponse } from "./tokenize-contract";

export const tokenizeRoute = (route: ApiRoutePath) =>
  textRoute(route, {
    schema: TokenizeRequestSchema,
    limits: requestLimits,
    check: (body, limits) => checkTextFields({ texts: body.texts }, limits),
    answer: async ({ body, engine, choice, meter, maxLength }) => {
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
      countTokens(meter, body.texts.length, tokens);
      const response: TokenizeResponse = {
        model: modelInfo(engine, choice),
        max_length: maxLength,
        results,
        usage: { tokens },
      };
      return Response.json(response);
    },
  });
