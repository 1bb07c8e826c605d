import { beforeAll, describe, expect, it, vi } from "vitest";
import { type EmbedResponse, EmbedResponseSchema } from "@/lib/api/embed-contract";
import { sharedEncoder } from "@/lib/api/encode";
import { OpenAIErrorBodySchema } from "@/lib/api/errors";
import { DEFAULT_LIMITS } from "@/lib/api/limits";
import { type OpenAIEmbeddingsResponse, OpenAIEmbeddingsResponseSchema } from "@/lib/api/openai-contract";
import { float32Base64, shortenNormalised } from "@/lib/api/vector-encoding";
import { base64Float32 } from "@/lib/ui/float32-base64";
import { postTo, quietRequestLogs } from "./helpers/api-request";
import { GOLDEN_TOLERANCE, goldenPairs, maxAbsDiff } from "./helpers/goldens";

type Handler = (req: Request) => Promise<Response>;
let openai: Handler;
let embed: Handler;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  await quietRequestLogs();
  const { API_HANDLERS } = await import("@/lib/api/handlers");
  openai = API_HANDLERS["/v1/embeddings"];
  embed = API_HANDLERS["/api/embed"];
});

async function embeddings(body: unknown): Promise<OpenAIEmbeddingsResponse> {
  const r = await postTo(openai, "/v1/embeddings", body);
  expect(r.status).toBe(200);
  return OpenAIEmbeddingsResponseSchema.parse(await r.json());
}

const pair = goldenPairs[0]!;

describe("POST /v1/embeddings", () => {
  it("answers a list of texts in OpenAI's shape, in input order, with the reference dense vector", async () => {
    const res = await embeddings({ input: [pair.a, pair.b], model: "BAAI/bge-m3" });
    expect(res.object).toBe("list");
    expect(res.data.map((d) => [d.object, d.index])).toEqual([
      ["embedding", 0],
      ["embedding", 1],
    ]);
    expect(maxAbsDiff(res.data[0]!.embedding as number[], pair.dense_a)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(res.model).toBe("bge-m3-tiny");
    const tokens = pair.ids_a.length + pair.ids_b.length;
    expect(res.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
  });

  it("accepts a single string as input and answers one embedding", async () => {
    const res = await embeddings({ input: pair.a, model: "anything" });
    expect(res.data).toHaveLength(1);
    expect(maxAbsDiff(res.data[0]!.embedding as number[], pair.dense_a)).toBeLessThan(GOLDEN_TOLERANCE);
  });

  it("gives the same vector as /api/embed's dense output", async () => {
    const a = await embeddings({ input: [pair.b] });
    const r = await postTo(embed, "/api/embed", { texts: [pair.b] });
    const b: EmbedResponse = EmbedResponseSchema.parse(await r.json());
    expect(a.data[0]!.embedding).toEqual(b.embeddings![0]);
  });

  it("encodes base64 as the little-endian float32 bytes of the float answer", async () => {
    const floats = await embeddings({ input: pair.a });
    const b64 = await embeddings({ input: pair.a, encoding_format: "base64" });
    const s = b64.data[0]!.embedding as string;
    expect(typeof s).toBe("string");
    expect(Buffer.from(s, "base64").length).toBe(64 * 4);
    expect(Array.from(base64Float32(s))).toEqual(floats.data[0]!.embedding);
  });

  it("shortens to `dimensions` and re-normalises to unit length", async () => {
    const full = (await embeddings({ input: pair.a })).data[0]!.embedding as number[];
    const short = (await embeddings({ input: pair.a, dimensions: 16 })).data[0]!.embedding as number[];
    expect(short).toHaveLength(16);
    expect(Math.hypot(...short)).toBeCloseTo(1, 5);
    const norm = Math.hypot(...full.slice(0, 16));
    expect(
      maxAbsDiff(
        short,
        full.slice(0, 16).map((x) => x / norm),
      ),
    ).toBeLessThan(1e-6);
  });

  it("refuses more dimensions than the model has with a 400 in OpenAI's error shape, param naming the field", async () => {
    const r = await postTo(openai, "/v1/embeddings", { input: "x", dimensions: 65 });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({
      error: {
        message: "dimensions: at most 64 for this model, got 65",
        type: "invalid_request_error",
        param: "dimensions",
        code: "invalid_request",
      },
    });
  });

  it("refuses token-id input (LangChain's default check_embedding_ctx_length=True) saying what to set", async () => {
    const r = await postTo(openai, "/v1/embeddings", { input: [[1, 2, 3]] });
    expect(r.status).toBe(400);
    const { error } = OpenAIErrorBodySchema.parse(await r.json());
    expect(error).toMatchObject({ param: "input", code: "invalid_request" });
    expect(error.message).toMatch(/token ids are not accepted.*check_embedding_ctx_length=False/);
  });
});

describe("POST /v1/embeddings with OpenAI's 2,048 inputs", () => {
  const inputs = Array.from({ length: 2048 }, (_, i) => `passage number ${i} of a LangChain batch`);

  it("answers them all, in order, encoding at most BGE_M3_MAX_TEXTS at a time", async () => {
    const { loadEngine } = await import("@/lib/engine");
    const batcher = sharedEncoder(await loadEngine()).batcher;
    const encode = vi.spyOn(batcher, "encodeDense");
    const res = await embeddings({ input: inputs, encoding_format: "base64" });
    const sizes = encode.mock.calls.map(([texts]) => texts.length);
    encode.mockRestore();
    expect(res.data.map((d) => d.index)).toEqual(inputs.map((_, i) => i));
    expect(sizes).toEqual(Array(2048 / DEFAULT_LIMITS.maxTexts).fill(DEFAULT_LIMITS.maxTexts));
    // Bit-identical to /api/embed's dense vectors, whichever slice a text was in.
    const picked = [0, 255, 256, 1000, 2047];
    const r = await postTo(embed, "/api/embed", { texts: picked.map((i) => inputs[i]) });
    const dense = EmbedResponseSchema.parse(await r.json()).embeddings!;
    expect(picked.map((i) => Array.from(base64Float32(res.data[i]!.embedding as string)))).toEqual(dense);
  });

  it("refuses a 2,049th input with 413 in OpenAI's shape", async () => {
    const r = await postTo(openai, "/v1/embeddings", { input: [...inputs, "one more"] });
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({
      error: {
        message: "input has 2,049 texts; at most 2,048 are allowed per request",
        type: "invalid_request_error",
        param: "input",
        code: "payload_too_large",
      },
    });
  });
});

describe("vector encoding helpers", () => {
  it("writes float32 little-endian: 1.0 is 00 00 80 3f", () => {
    expect(Buffer.from(float32Base64(Float32Array.of(1)), "base64")).toEqual(Buffer.from([0, 0, 0x80, 0x3f]));
  });

  it("shortens without changing the input vector, and keeps a zero vector zero", () => {
    const v = Float32Array.of(3, 4, 12);
    expect(Array.from(shortenNormalised(v, 2))).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(Array.from(v)).toEqual([3, 4, 12]);
    expect(Array.from(shortenNormalised(Float32Array.of(0, 0, 1), 2))).toEqual([0, 0]);
  });
});
