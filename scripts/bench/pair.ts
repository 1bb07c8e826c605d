/**
 * Case 12: a pair of long texts through POST /api/similarity (both encoded, every score, the MaxSim matrix), against
 * what the encoding alone costs a user: one bare run per text with onnxruntime's defaults.
 */
import type { SimilarityResponse } from "../../lib/api/similarity-contract";
import { loadTokenizer } from "../../lib/engine/tokenizer";
import { variantPath } from "../../lib/engine/variant";
import { median } from "../lib/load";
import { type ApiServer, withApiServer } from "./api-server";
import { type BenchOptions, base } from "./options";
import { textOfTokens, untruncated } from "./texts";
import { interleave, percentiles, round } from "./timing";
import type { Case12 } from "./types";
import { userSession } from "./user-session";

export const case12 = (opts: BenchOptions): Promise<Case12> => withApiServer(opts, (api) => pair(opts, api));

/** The median of each timing_ms field over the answers. */
function serverTiming(answers: readonly SimilarityResponse[]): Case12["server_timing_ms"] {
  const of = (k: keyof Case12["server_timing_ms"]) => round(median(answers.map((a) => a.timing_ms[k])));
  return { total: of("total"), encode: of("encode"), score: of("score") };
}

async function pair(opts: BenchOptions, api: ApiServer): Promise<Case12> {
  const s = opts.sizes;
  const tok = untruncated(await loadTokenizer(opts.modelDir));
  const a = textOfTokens(tok, s.pairTokens, 12_001);
  const b = textOfTokens(tok, s.pairTokens, 12_002);
  const [idsA, idsB] = [tok.tokenize(a.text).ids, tok.tokenize(b.text).ids];
  const request = { a: a.text, b: b.text };
  const scoresOnly = { ...request, include_maxsim: false };
  const packed = { ...request, encoding_format: "base64" };
  const plain = await userSession(variantPath(opts.modelDir, opts.variant));
  // Bodies are kept as text and parsed after the timing, so parsing ~40 MB of JSON is not timed.
  const bodies: string[] = [];
  const packedBytes: number[] = [];
  try {
    const warmup = 1;
    const t = await interleave(
      [
        {
          name: "http",
          run: async () => bodies.push((await api.post("/api/similarity", request)).text),
        },
        { name: "http_scores_only", run: () => api.post("/api/similarity", scoresOnly) },
        {
          name: "http_base64",
          run: async () => packedBytes.push(Buffer.byteLength((await api.post("/api/similarity", packed)).text)),
        },
        { name: "bare_a", run: () => plain.run([idsA]) },
        { name: "bare_b", run: () => plain.run([idsB]) },
      ],
      // The pause lets the default session's spinning threads stop before the server's run.
      { warmup, repeats: s.repeats, pauseMs: s.latencyPauseMs },
      "case 12",
    );
    const timed = bodies.slice(warmup);
    const answers = timed.map((text) => JSON.parse(text) as SimilarityResponse);
    const last = answers.at(-1)!;
    const httpP = percentiles(t.ms.http!);
    const scoresOnlyP = percentiles(t.ms.http_scores_only!);
    const packedP = percentiles(t.ms.http_base64!);
    const [bareA, bareB] = [percentiles(t.ms.bare_a!), percentiles(t.ms.bare_b!)];
    return {
      ...base(opts, 12),
      case: 12,
      text_tokens: { a: a.tokens, b: b.tokens },
      warmup,
      repeats: s.repeats,
      order:
        "POST /api/similarity, the same with include_maxsim: false, with encoding_format: base64, bare run of a, bare run of b; repeated, each round starting one later",
      http_request: "POST /api/similarity {a, b} (defaults), BGE_M3_CACHE_MB=0",
      http: httpP,
      server_timing_ms: serverTiming(answers),
      answer_bytes: median(timed.map((text) => Buffer.byteLength(text))),
      maxsim_cells: { rows: last.maxsim.length, cols: last.maxsim[0]?.length ?? 0 },
      bare_a: bareA,
      bare_b: bareB,
      http_over_bare_p50: round(httpP.p50_ms / (bareA.p50_ms + bareB.p50_ms)),
      http_scores_only: scoresOnlyP,
      http_scores_only_over_bare_p50: round(scoresOnlyP.p50_ms / (bareA.p50_ms + bareB.p50_ms)),
      http_base64: packedP,
      http_base64_over_bare_p50: round(packedP.p50_ms / (bareA.p50_ms + bareB.p50_ms)),
      base64_answer_bytes: median(packedBytes.slice(warmup)),
      build: api.build,
    };
  } finally {
    await plain.release();
  }
}
