import { describe, expect, it } from "vitest";
import { encoderInfo } from "@/lib/api/encoder-status";
import { encoderTargetFromEnv } from "@/lib/engine/remote";

describe("BGE_M3_ENCODER", () => {
  it("is local when unset, empty or local", () => {
    expect(encoderTargetFromEnv({})).toEqual({ protocol: "local" });
    expect(encoderTargetFromEnv({ BGE_M3_ENCODER: " " })).toEqual({ protocol: "local" });
    expect(encoderTargetFromEnv({ BGE_M3_ENCODER: "LOCAL" })).toEqual({ protocol: "local" });
  });

  it("names a v2 model by its URL, with or without a version", () => {
    expect(encoderTargetFromEnv({ BGE_M3_ENCODER: "kserve-v2+http://triton:8000/v2/models/bge-m3" })).toMatchObject({
      protocol: "kserve-v2",
      origin: "http://triton:8000",
      modelPath: "/v2/models/bge-m3",
    });
    expect(
      encoderTargetFromEnv({ BGE_M3_ENCODER: "kserve-v2+https://kserve.example/v2/models/bge-m3/versions/2/" }),
    ).toMatchObject({ origin: "https://kserve.example", modelPath: "/v2/models/bge-m3/versions/2" });
  });

  it("names a TEI server by its origin", () => {
    expect(encoderTargetFromEnv({ BGE_M3_ENCODER: "tei+http://127.0.0.1:8080" })).toMatchObject({
      protocol: "tei",
      origin: "http://127.0.0.1:8080",
      modelPath: "",
    });
  });

  it.each([
    ["triton:8000", /must be local, kserve-v2\+http/],
    ["kserve-v2+ftp://x/v2/models/m", /must be local/],
    ["kserve-v2+http://x:8000", /ends in \/v2\/models\/NAME/],
    ["tei+http://x:8080/embed_all", /the server's origin/],
    ["tei+http://user:secret@x:8080", /no credentials/],
  ])("refuses %s, saying what it takes", (value, message) => {
    expect(() => encoderTargetFromEnv({ BGE_M3_ENCODER: value })).toThrow(message);
  });
});

describe("BGE_M3_ENCODER_* settings", () => {
  const tei = { BGE_M3_ENCODER: "tei+http://x:8080" };

  it("default to 32 rows and 16,384 tokens per request, 4 in flight, 30 s, 2 retries", () => {
    expect(encoderTargetFromEnv(tei)).toMatchObject({
      settings: { maxBatchRows: 32, maxBatchTokens: 16_384, concurrency: 4, timeoutMs: 30_000, retries: 2 },
    });
  });

  it("are read as integers within their bounds", () => {
    const env = {
      ...tei,
      BGE_M3_ENCODER_MAX_BATCH_ROWS: "8",
      BGE_M3_ENCODER_MAX_BATCH_TOKENS: "4096",
      BGE_M3_ENCODER_CONCURRENCY: "16",
      BGE_M3_ENCODER_TIMEOUT_MS: "500",
      BGE_M3_ENCODER_RETRIES: "0",
    };
    expect(encoderTargetFromEnv(env)).toMatchObject({
      settings: { maxBatchRows: 8, maxBatchTokens: 4096, concurrency: 16, timeoutMs: 500, retries: 0 },
    });
    expect(() => encoderTargetFromEnv({ ...tei, BGE_M3_ENCODER_RETRIES: "11" })).toThrow(
      /BGE_M3_ENCODER_RETRIES must be an integer from 0 to 10/,
    );
  });
});

describe("/api/info's encoder before the model is loaded", () => {
  it("is local, with no remote limits, when BGE_M3_ENCODER is unset", () => {
    expect(encoderInfo(null)).toEqual({
      backend: "local",
      url: null,
      status: "ok",
      detail: null,
      checked_at: null,
      limits: null,
    });
  });
});
