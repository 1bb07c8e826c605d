import { beforeAll, describe, expect, it } from "vitest";
import { type TokenizeResponse, TokenizeResponseSchema } from "@/lib/api/tokenize-contract";
import { postTo, quietRequestLogs } from "./helpers/api-request";
import { goldenPairs } from "./helpers/goldens";

let POST: (req: Request) => Promise<Response>;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  await quietRequestLogs();
  POST = (await import("@/lib/api/handlers")).API_HANDLERS["/api/tokenize"];
});

async function tokenize(body: unknown): Promise<TokenizeResponse> {
  const r = await postTo(POST, "/api/tokenize", body);
  expect(r.status).toBe(200);
  return TokenizeResponseSchema.parse(await r.json());
}

describe("POST /api/tokenize", () => {
  it("returns the reference token ids of every text, with <s> and </s> marked special", async () => {
    const pairs = goldenPairs.slice(0, 6);
    const res = await tokenize({ texts: pairs.map((p) => p.a) });
    res.results.forEach((r, i) => {
      expect(r.tokens.map((t) => t.id)).toEqual(pairs[i]!.ids_a);
      expect(r.tokens.filter((t) => t.special).map((t) => t.text)).toEqual(["<s>", "</s>"]);
      expect(r.count).toEqual({ before: pairs[i]!.ids_a.length, after: pairs[i]!.ids_a.length, truncated: false });
    });
    expect(res.usage.tokens).toBe(pairs.reduce((s, p) => s + p.ids_a.length, 0));
    expect(res.max_length).toBe(8192);
  });

  it("gives offsets that slice the original text", async () => {
    const text = "Climate change is a global challenge";
    const res = await tokenize({ texts: [text] });
    const pieces = res.results[0]!.tokens.filter((t) => !t.special).map((t) => text.slice(t.start, t.end));
    expect(pieces.join("").replace(/ /g, "")).toBe(text.replace(/ /g, ""));
  });

  it("truncates to max_length and reports the count before", async () => {
    const long = goldenPairs.find((p) => p.ids_a.length > 500)!;
    const res = await tokenize({ texts: [long.a], max_length: 10 });
    const r = res.results[0]!;
    expect(r.tokens.map((t) => t.id)).toEqual([...long.ids_a.slice(0, 9), 2]);
    expect(r.count).toEqual({ before: long.ids_a.length, after: 10, truncated: true });
  });
});
