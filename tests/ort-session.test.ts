import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSession, defaultThreads, deviceFromEnv, hiddenStateOutput } from "@/lib/engine/ort";
import type { Session } from "@/lib/engine/session";

const MODEL = path.resolve("models/bge-m3-tiny/onnx/model.onnx");

describe("the ONNX session", () => {
  it("finds the token-level output of the official export (token_embeddings)", async () => {
    const { session } = await createSession(MODEL, { threads: 1, device: "cpu" });
    expect(hiddenStateOutput(session)).toBe("token_embeddings");
  });

  it("accepts last_hidden_state when token_embeddings is absent", () => {
    const fake = { outputNames: ["last_hidden_state", "pooler_output"] } as unknown as Session;
    expect(hiddenStateOutput(fake)).toBe("last_hidden_state");
  });

  it("fails with an error naming the outputs it found when neither is there", () => {
    const fake = { outputNames: ["dense_vecs", "sparse_vecs"] } as unknown as Session;
    expect(() => hiddenStateOutput(fake)).toThrow(
      /expected one of token_embeddings, last_hidden_state.*dense_vecs, sparse_vecs/,
    );
  });

  it("falls back to the CPU with a reason when auto finds no usable CUDA", async () => {
    const created = await createSession(MODEL, { threads: 1, device: "auto" });
    expect(created.device).toBe("cpu");
    expect(created.fallback).toMatch(/CUDA unavailable/);
  });

  it("refuses BGE_M3_DEVICE=cuda clearly when CUDA cannot be used", async () => {
    await expect(createSession(MODEL, { threads: 1, device: "cuda" })).rejects.toThrow(
      /BGE_M3_DEVICE=cuda, but CUDA unavailable/,
    );
  });
});

describe("session settings from the environment", () => {
  it("default threads to the machine's cores and honour BGE_M3_THREADS", () => {
    expect(defaultThreads({})).toBeGreaterThanOrEqual(1);
    expect(defaultThreads({ BGE_M3_THREADS: "3" })).toBe(3);
    expect(() => defaultThreads({ BGE_M3_THREADS: "zero" })).toThrow(/BGE_M3_THREADS/);
  });

  it("read BGE_M3_DEVICE as auto, cpu or cuda and refuse anything else", () => {
    expect(deviceFromEnv({})).toBe("auto");
    expect(deviceFromEnv({ BGE_M3_DEVICE: "CPU" })).toBe("cpu");
    expect(deviceFromEnv({ BGE_M3_DEVICE: "cuda" })).toBe("cuda");
    expect(() => deviceFromEnv({ BGE_M3_DEVICE: "tpu" })).toThrow(/auto, cpu or cuda/);
  });
});
