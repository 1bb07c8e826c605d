/**
 * What the API calls the loaded model comes from the manifest its files matched, not from where they lie: a copy of
 * the random-weight test model outside models/ is still labelled the test model everywhere the model is shown, and
 * with BGE_M3_VERIFY=0 an unchecked directory is labelled unverified rather than passing for BAAI/bge-m3.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { type InfoResponse, InfoResponseSchema } from "@/lib/api/info-contract";
import { OpenAIEmbeddingsResponseSchema } from "@/lib/api/openai-contract";
import { BGE_M3_TINY_MANIFEST, RECORDED_MANIFEST_NAME } from "@/lib/model/manifest";
import { quantizeModel } from "@/lib/model/quantize-int8";
import { getFrom, postTo, quietRequestLogs } from "./helpers/api-request";
import { copyTestModel } from "./helpers/model-copy";

interface Shown {
  info: InfoResponse;
  health: Record<string, unknown>;
  /** `model` of an encoding route's answer, and the name /v1/embeddings gives. */
  embed: Record<string, unknown>;
  openai: string;
}

/** Forgets the process's engine and modules, loads `dir`, and collects what every route says about the model. */
async function shownFor(dir: string, env: Record<string, string> = {}): Promise<Shown> {
  const g = globalThis as { __bgeM3Engine?: unknown; __bgeM3Encoder?: unknown };
  g.__bgeM3Engine = undefined;
  g.__bgeM3Encoder = undefined;
  vi.resetModules();
  vi.stubEnv("BGE_M3_MODEL_DIR", dir);
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  await quietRequestLogs();
  const { loadEngine } = await import("@/lib/engine");
  await loadEngine();
  const { API_HANDLERS } = await import("@/lib/api/handlers");
  const embed = await postTo(API_HANDLERS["/api/embed"], "/api/embed", { texts: ["label"] });
  const openai = await postTo(API_HANDLERS["/v1/embeddings"], "/v1/embeddings", { input: "label" });
  return {
    info: InfoResponseSchema.parse(await (await getFrom(API_HANDLERS["/api/info"], "/api/info")).json()),
    health: await (await getFrom(API_HANDLERS["/api/health"], "/api/health")).json(),
    embed: (await embed.json()).model,
    openai: OpenAIEmbeddingsResponseSchema.parse(await openai.json()).model,
  };
}

const copies: { remove: () => void }[] = [];
afterEach(() => vi.unstubAllEnvs());
afterAll(() => {
  for (const c of copies) c.remove();
});

function copy(name?: string) {
  const c = copyTestModel("bge-m3-label-", name);
  copies.push(c);
  return c.dir;
}

describe("the model's label", () => {
  it("calls a copy of the test model outside models/ the test model, as its manifest says", async () => {
    const dir = copy("bge-m3-tiny");
    const shown = await shownFor(dir);
    expect(path.relative(process.cwd(), dir).startsWith("..")).toBe(true);
    expect(shown.info.verification.status).toBe("verified");
    expect(shown.info.model).toMatchObject({ name: "bge-m3-tiny", test_model: true, dir });
    expect(shown.info.test_model).toBe(true);
    expect(shown.health).toMatchObject({ status: "ok", model: "bge-m3-tiny", model_dir: dir, test_model: true });
    expect(shown.embed).toMatchObject({ name: "bge-m3-tiny", test_model: true });
    expect(shown.openai).toBe("bge-m3-tiny");
  });

  it("calls any directory whose files match the test model's recorded manifest the test model", async () => {
    const dir = copy("my-embedder");
    writeFileSync(path.join(dir, RECORDED_MANIFEST_NAME), JSON.stringify(BGE_M3_TINY_MANIFEST));
    const shown = await shownFor(dir);
    expect(shown.info.model).toMatchObject({ name: "bge-m3-tiny", test_model: true });
    expect(shown.embed).toMatchObject({ name: "bge-m3-tiny", test_model: true });
  });

  it("with BGE_M3_VERIFY=0 labels the unchecked directory unverified everywhere, never BAAI/bge-m3", async () => {
    const dir = copy("bge-m3");
    const shown = await shownFor(dir, { BGE_M3_VERIFY: "0" });
    expect(shown.info.verification.status).toBe("not_checked");
    expect(shown.info.model).toMatchObject({ name: "bge-m3 (unverified)", test_model: null, revision: null });
    expect(shown.info.test_model).toBeNull();
    expect(shown.health).toMatchObject({
      status: "ok",
      model: "bge-m3 (unverified)",
      model_dir: dir,
      test_model: null,
    });
    expect(shown.embed).toMatchObject({ name: "bge-m3 (unverified)", test_model: null });
    expect(shown.openai).toBe("bge-m3 (unverified)");
  });

  it("gives the int8 graph's weight scales beside the variant, and null for fp32", async () => {
    const dir = copy("bge-m3-tiny");
    quantizeModel(path.join(dir, "onnx/model.onnx"), path.join(dir, "onnx/model_int8.onnx"), { scales: "pair" });
    const int8 = await shownFor(dir, { BGE_M3_VARIANT: "int8" });
    expect(int8.info.model).toMatchObject({ variant: "int8", int8_scales: "pair" });
    expect(int8.embed).toMatchObject({ variant: "int8", int8_scales: "pair" });
    const fp32 = await shownFor(dir, { BGE_M3_VARIANT: "fp32" });
    expect(fp32.info.model).toMatchObject({ variant: "fp32", int8_scales: null });
  });
});
