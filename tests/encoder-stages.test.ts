/**
 * The encoder cut into per-layer stages (lib/model/encoder-stages.ts), cached beside the graph: written on first load,
 * reused while it checks out, rebuilt when a stage file or the source graph changes; graphs that cannot be cut raise
 * UnstageableGraphError and the engine runs them whole, saying why.
 */
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "@/lib/engine/engine";
import { loadLinearHead } from "@/lib/engine/heads";
import { headsModel } from "@/lib/engine/heads-session";
import { denseScore } from "@/lib/m3/dense";
import {
  type EncoderStages,
  encoderStages,
  findAttention,
  manifestPath,
  readCachedStages,
  STAGES_VERSION,
  UnstageableGraphError,
} from "@/lib/model/encoder-stages";
import { buildFloatModel, externalDataFiles, onnx, readOnnxModel } from "@/lib/model/onnx-io";
import { GOLDEN_TOLERANCE, goldenPairs, maxAbsDiff, TEST_HEADS, TEST_MODEL_DIR } from "./helpers/goldens";
import { copyTestModel, rewriteGraph, STAGE_CACHE_FILE } from "./helpers/model-copy";

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const stageFiles = (dir: string) =>
  readdirSync(path.join(dir, "onnx"))
    .filter((f) => STAGE_CACHE_FILE.test(f))
    .sort();
const mtimes = (dir: string) =>
  Object.fromEntries(stageFiles(dir).map((f) => [f, statSync(path.join(dir, "onnx", f)).mtimeMs]));

describe("encoder stages on a copy of the test model", () => {
  let copy: ReturnType<typeof copyTestModel>;
  let engine: Engine;
  let first: EncoderStages;
  let firstTimes: Record<string, number>;

  beforeAll(async () => {
    copy = copyTestModel("bge-m3-stages-");
    expect(stageFiles(copy.dir)).toEqual([]);
    engine = await Engine.load({ modelDir: copy.dir, threads: 1 });
    first = JSON.parse(readFileSync(manifestPath(copy.graph), "utf8"));
    firstTimes = mtimes(copy.dir);
  });
  afterAll(() => copy?.remove());

  it("are written by the first load: the embeddings, attention (shared by the layers), one per layer, the manifest", () => {
    expect(engine.execution).toMatchObject({ attention: "chunked", attentionFallback: null });
    expect(stageFiles(copy.dir)).toEqual([
      "model.stage-00.onnx",
      "model.stage-01.onnx",
      "model.stage-02.onnx",
      "model.stage-03.onnx",
      "model.stage-04.onnx",
      "model.stage-05.onnx",
      "model.stages.json",
    ]);
    expect(first).toMatchObject({
      version: STAGES_VERSION,
      source: "model.onnx",
      sourceSha256: sha256(copy.graph),
      layers: 2,
      hiddenOutput: "token_embeddings",
    });
    for (const s of first.stages) expect(s.sha256).toBe(sha256(path.join(copy.dir, "onnx", s.file)));
    expect(first.stages[0]!.inputs).toEqual(["input_ids", "attention_mask"]);
    const [l0] = first.attention;
    expect(first.stages[1]).toMatchObject({ inputs: [l0!.q, l0!.kt, l0!.v, l0!.maskBias], outputs: [l0!.context] });
    expect(first.stages.at(-1)!.outputs).toEqual(["token_embeddings"]);
    expect(first.unmaskedAttention).toMatchObject({
      file: "model.stage-04.onnx",
      inputs: [l0!.q, l0!.kt, l0!.v],
      outputs: [l0!.context],
    });
    expect(first.unmaskedAttention.sha256).toBe(sha256(path.join(copy.dir, "onnx", first.unmaskedAttention.file)));
    // The test model's attention is plain softmax(q·kᵀ/√d + mask)·v: without the mask, one MultiHeadAttention of its
    // heads, between transposes to token-major and back.
    const model = readOnnxModel(path.join(copy.dir, "onnx", first.unmaskedAttention.file)).proto;
    expect(first.unmaskedAttention.heads).toBe(TEST_HEADS);
    expect((model.opsetImport ?? []).map((o) => [o.domain, Number(o.version)])).toContainEqual(["com.microsoft", 1]);
    const nodes = model.graph?.node ?? [];
    expect(nodes.filter((n) => n.opType !== "Constant").map((n) => n.opType)).toEqual([
      ...["Transpose", "Reshape", "Transpose", "Reshape", "Transpose", "Reshape"],
      ...["MultiHeadAttention", "Reshape", "Transpose"],
    ]);
    const mha = nodes.find((n) => n.opType === "MultiHeadAttention")!;
    const attribute = (name: string) => mha.attribute?.find((a) => a.name === name);
    expect(Number(attribute("num_heads")?.i)).toBe(TEST_HEADS);
    expect(attribute("scale")?.f).toBeCloseTo(1 / Math.sqrt(64 / TEST_HEADS), 6);
    expect(readdirSync(path.join(copy.dir, "onnx")).some((f) => f.endsWith(".partial"))).toBe(false);
  });

  it("hold every weight exactly once, in the official external data file, which they reference", () => {
    const external = (file: string) =>
      (readOnnxModel(file).proto.graph?.initializer ?? [])
        .filter((t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL)
        .map((t) => t.name ?? "");
    const perStage = first.stages.map((s) => external(path.join(copy.dir, "onnx", s.file)));
    const all = perStage.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(all)).toEqual(new Set(external(copy.graph)));
    // Attention has no weights; every other stage reads its own from the official data file.
    expect(perStage[1]).toEqual([]);
    first.stages.forEach((s, k) => {
      const file = path.join(copy.dir, "onnx", s.file);
      const data = k === 1 ? [] : [path.join(copy.dir, "onnx", "model.onnx_data")];
      expect(externalDataFiles(readOnnxModel(file))).toEqual(data);
      expect(statSync(file).size).toBeLessThan(statSync(copy.graph).size);
    });
  });

  it("have a prefix: the graph up to the last layer's attention, earlier layers' attention as masked MultiHeadAttention", () => {
    const last = first.attention.at(-1)!;
    expect(first.prefix).toMatchObject({
      file: "model.stage-05.onnx",
      inputs: ["input_ids", "attention_mask"],
      outputs: [last.input, last.q, last.kt, last.v, last.maskBias],
      multiHeadAttention: true,
    });
    const file = path.join(copy.dir, "onnx", first.prefix.file);
    expect(first.prefix.sha256).toBe(sha256(file));
    const nodes = readOnnxModel(file).proto.graph?.node ?? [];
    const mha = nodes.filter((n) => n.opType === "MultiHeadAttention");
    expect(mha).toHaveLength(first.layers - 1);
    expect(nodes.some((n) => n.opType === "Softmax")).toBe(false);
    // Masked by the attention mask, as int32, with the bias the graph adds at padding (float32's lowest).
    const cast = nodes.find((n) => n.output?.[0] === mha[0]!.input?.[4])!;
    expect(cast).toMatchObject({ opType: "Cast", input: ["attention_mask"] });
    expect(Number(cast.attribute?.find((a) => a.name === "to")?.i)).toBe(onnx.TensorProto.DataType.INT32);
    expect(mha[0]!.attribute?.find((a) => a.name === "mask_filter_value")?.f).toBeLessThanOrEqual(-1e4);
    // Every weight but the last layer's weight stage's, from the official data file.
    const external = (f: string) =>
      (readOnnxModel(f).proto.graph?.initializer ?? [])
        .filter((t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL)
        .map((t) => t.name ?? "");
    const lastStage = new Set(external(path.join(copy.dir, "onnx", first.stages.at(-1)!.file)));
    const expected = external(copy.graph).filter((name) => !lastStage.has(name));
    expect(new Set(external(file))).toEqual(new Set(expected));
    expect(externalDataFiles(readOnnxModel(file))).toEqual([path.join(copy.dir, "onnx", "model.onnx_data")]);
  });

  it("are reused by a second encoderStages(): same manifest, files not rewritten", () => {
    expect(readCachedStages(copy.graph, TEST_HEADS)).toEqual(first);
    expect(encoderStages(copy.graph, TEST_HEADS)).toEqual(first);
    expect(mtimes(copy.dir)).toEqual(firstTimes);
  });

  it("are cut again for another head count, which their flash attention uses, and back", () => {
    expect(readCachedStages(copy.graph, TEST_HEADS * 2)).toBeNull();
    const other = encoderStages(copy.graph, TEST_HEADS * 2);
    expect(other.unmaskedAttention.heads).toBe(TEST_HEADS * 2);
    expect(other.unmaskedAttention.sha256).not.toBe(first.unmaskedAttention.sha256);
    expect(other.stages).toEqual(first.stages);
    expect(encoderStages(copy.graph, TEST_HEADS)).toEqual(first);
  });

  it("are rebuilt when a stage file is tampered with (one byte appended), and come back as they were", () => {
    const file = path.join(copy.dir, "onnx", "model.stage-01.onnx");
    const original = readFileSync(file);
    appendFileSync(file, Buffer.of(0));
    expect(readCachedStages(copy.graph, TEST_HEADS)).toBeNull();
    expect(encoderStages(copy.graph, TEST_HEADS)).toEqual(first);
    expect(readFileSync(file).equals(original)).toBe(true);
    expect(readCachedStages(copy.graph, TEST_HEADS)).toEqual(first);
  });

  it("are rebuilt when a stage file is missing", () => {
    const file = path.join(copy.dir, "onnx", "model.stage-02.onnx");
    const original = readFileSync(file);
    writeFileSync(file, ""); // emptied: present, but not what the manifest recorded
    expect(readCachedStages(copy.graph, TEST_HEADS)).toBeNull();
    expect(encoderStages(copy.graph, TEST_HEADS)).toEqual(first);
    expect(readFileSync(file).equals(original)).toBe(true);
  });

  it("are rebuilt when the manifest is from another version or not JSON, and an older cut's extra stages go", () => {
    const manifest = manifestPath(copy.graph);
    const stale = path.join(copy.dir, "onnx", "model.stage-07.onnx");
    writeFileSync(stale, "a stage of an older cut");
    writeFileSync(manifest, JSON.stringify({ ...first, version: STAGES_VERSION - 1 }));
    expect(readCachedStages(copy.graph, TEST_HEADS)).toBeNull();
    expect(encoderStages(copy.graph, TEST_HEADS)).toEqual(first);
    expect(existsSync(stale)).toBe(false);
    writeFileSync(manifest, "{ not json");
    expect(readCachedStages(copy.graph, TEST_HEADS)).toBeNull();
    expect(encoderStages(copy.graph, TEST_HEADS)).toEqual(first);
  });

  it("are rebuilt when the source graph changes (its metadata), and the engine still gives the goldens", async () => {
    const before = mtimes(copy.dir);
    rewriteGraph(copy.graph, (model) => {
      model.metadataProps = [{ key: "tampered", value: "yes" }];
    });
    expect(readCachedStages(copy.graph, TEST_HEADS)).toBeNull();
    const rebuilt = encoderStages(copy.graph, TEST_HEADS);
    expect(rebuilt.sourceSha256).toBe(sha256(copy.graph));
    expect(rebuilt.sourceSha256).not.toBe(first.sourceSha256);
    const after = mtimes(copy.dir);
    for (const f of Object.keys(before)) expect(after[f]).toBeGreaterThan(before[f]!);
    // The stages carry the source's metadata, so they are new files too.
    expect(rebuilt.stages.map((s) => s.sha256)).not.toEqual(first.stages.map((s) => s.sha256));
    const fresh = await Engine.load({ modelDir: copy.dir, threads: 1 });
    expect(fresh.execution).toMatchObject({ attention: "chunked", flashAttention: true });
    const pair = goldenPairs[0]!;
    const [a, b] = await fresh.encode([pair.a, pair.b]);
    expect(maxAbsDiff(a!.dense, pair.dense_a)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(denseScore(a!.dense, b!.dense) - pair.dense)).toBeLessThan(GOLDEN_TOLERANCE);
  });
});

describe("graphs that cannot be cut", () => {
  let heads: Uint8Array;
  const copies: { remove: () => void }[] = [];
  beforeAll(async () => {
    const [sparse, colbert] = await Promise.all([
      loadLinearHead(path.join(TEST_MODEL_DIR, "sparse_linear.pt"), 64),
      loadLinearHead(path.join(TEST_MODEL_DIR, "colbert_linear.pt"), 64),
    ]);
    heads = headsModel(sparse, colbert);
  });
  afterAll(() => {
    for (const c of copies) c.remove();
  });

  /** A copy of the test model whose graph `edit` rewrites. */
  function editedCopy(edit: Parameters<typeof rewriteGraph>[1]) {
    const copy = copyTestModel("bge-m3-unstageable-");
    copies.push(copy);
    rewriteGraph(copy.graph, edit);
    return copy;
  }

  it("the heads' graph (no attention, no hidden-state output) raises UnstageableGraphError and writes nothing", () => {
    const copy = copyTestModel("bge-m3-heads-");
    copies.push(copy);
    const file = path.join(copy.dir, "onnx", "heads.onnx");
    writeFileSync(file, heads);
    expect(() => encoderStages(file, TEST_HEADS)).toThrow(UnstageableGraphError);
    expect(() => encoderStages(file, TEST_HEADS)).toThrow(/no token-level output .*its outputs are: colbert, sparse/);
    expect(() => findAttention(readOnnxModel(file).proto.graph!)).toThrow(/no attention layer found/);
    expect(existsSync(manifestPath(file))).toBe(false);
    expect(stageFiles(copy.dir)).toEqual([]);
  });

  it("a graph with a token_embeddings output but no attention raises UnstageableGraphError", () => {
    const copy = copyTestModel("bge-m3-noattn-");
    copies.push(copy);
    const file = path.join(copy.dir, "onnx", "plain.onnx");
    writeFileSync(
      file,
      buildFloatModel({
        name: "no_attention",
        inputs: [{ name: "x", dims: ["batch", "seq", 4] }],
        outputs: [{ name: "token_embeddings", dims: ["batch", "seq", 4] }],
        nodes: [{ opType: "MatMul", input: ["x", "w"], output: ["token_embeddings"], name: "proj" }],
        weights: [{ name: "w", dims: [4, 4], data: new Float32Array(16).fill(0.25) }],
      }),
    );
    expect(() => encoderStages(file, TEST_HEADS)).toThrow(UnstageableGraphError);
    expect(() => encoderStages(file, TEST_HEADS)).toThrow(/no attention layer found/);
    expect(existsSync(manifestPath(file))).toBe(false);
  });

  /** The test model with an Identity between each attention mask Add and its Softmax: same numbers, no pattern. */
  const softmaxViaIdentity = (model: Parameters<Parameters<typeof rewriteGraph>[1]>[0]) => {
    const nodes = model.graph!.node!;
    const out: typeof nodes = [];
    for (const node of nodes) {
      if (node.opType === "Softmax") {
        const through = `${node.input![0]}/via_identity`;
        out.push({ opType: "Identity", name: `${node.name}/identity`, input: [node.input![0]!], output: [through] });
        node.input = [through];
      }
      out.push(node);
    }
    model.graph!.node = out;
  };

  it("a softmax fed by something else than the mask Add raises UnstageableGraphError naming it", () => {
    const copy = editedCopy(softmaxViaIdentity);
    expect(() => findAttention(readOnnxModel(copy.graph).proto.graph!)).toThrow(UnstageableGraphError);
    expect(() => encoderStages(copy.graph, TEST_HEADS)).toThrow(/attention softmax is not fed by a mask Add/);
    expect(stageFiles(copy.dir)).toEqual([]);
  });

  it("Engine.load on such a model falls back to full attention, says why, and still gives the goldens", async () => {
    const copy = editedCopy(softmaxViaIdentity);
    const engine = await Engine.load({ modelDir: copy.dir, threads: 1 });
    expect(engine.execution.attention).toBe("full");
    expect(engine.execution.attentionFallback).toMatch(
      /the graph could not be cut into stages \(attention softmax is not fed by a mask Add\); attention runs whole/,
    );
    expect(stageFiles(copy.dir)).toEqual([]);
    const pair = goldenPairs[0]!;
    const [a, b] = await engine.encode([pair.a, pair.b]);
    expect(maxAbsDiff(a!.dense, pair.dense_a)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(denseScore(a!.dense, b!.dense) - pair.dense)).toBeLessThan(GOLDEN_TOLERANCE);
  });

  it("a scale that is computed, not a constant, leaves unmasked attention as the masked one without its Add", async () => {
    // Each layer divides its scores by Sqrt(d) instead of the constant √d: the same numbers, no scalar to read.
    const copy = editedCopy((model) => {
      const nodes = model.graph!.node!;
      const out: typeof nodes = [];
      for (const node of nodes) {
        const t = node.attribute?.find((a) => a.name === "value")?.t;
        const feedsDiv = nodes.some((n) => n.opType === "Div" && n.input?.[1] === node.output?.[0]);
        if (node.opType === "Constant" && t?.dataType === onnx.TensorProto.DataType.FLOAT && feedsDiv) {
          const root = `${node.output![0]}/squared`;
          const value = new Float32Array(new Uint8Array(t.rawData!).slice().buffer)[0]!;
          out.push({
            ...node,
            output: [root],
            attribute: [
              { ...node.attribute![0]!, t: { ...t, rawData: new Uint8Array(Float32Array.of(value * value).buffer) } },
            ],
          });
          out.push({ opType: "Sqrt", name: `${node.name}/sqrt`, input: [root], output: [node.output![0]!] });
          continue;
        }
        out.push(node);
      }
      model.graph!.node = out;
    });
    const cut = encoderStages(copy.graph, TEST_HEADS);
    expect(cut.unmaskedAttention.heads).toBeNull();
    expect(cut.prefix.multiHeadAttention).toBe(false);
    const ops = (file: string) =>
      (readOnnxModel(path.join(copy.dir, "onnx", file)).proto.graph?.node ?? []).map((n) => n.opType ?? "");
    const masked = ops(cut.stages[1]!.file);
    expect(masked).toContain("Sqrt");
    expect(ops(cut.unmaskedAttention.file)).toEqual(masked.filter((op) => op !== "Add"));
    const engine = await Engine.load({ modelDir: copy.dir, threads: 1, prefixMaxSeq: 0 });
    expect(engine.execution).toMatchObject({ attention: "chunked", flashAttention: false });
    const pair = goldenPairs[0]!;
    const [a] = await engine.encode([pair.a]);
    expect(maxAbsDiff(a!.dense, pair.dense_a)).toBeLessThan(GOLDEN_TOLERANCE);
  });

  it('attention: "full" neither cuts the graph nor reports a fallback', async () => {
    const copy = copyTestModel("bge-m3-full-");
    copies.push(copy);
    const engine = await Engine.load({ modelDir: copy.dir, threads: 1, attention: "full" });
    expect(engine.execution).toMatchObject({ attention: "full", attentionFallback: null, flashAttention: false });
    expect(stageFiles(copy.dir)).toEqual([]);
  });
});
