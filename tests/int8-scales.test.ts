/**
 * The int8 weight-scale choice: `pair` (exact on every x86 CPU) or `column` (exact only with VNNI), recorded in the
 * graph's metadata, refused by the engine on a CPU that would saturate on it, and measured against fp32 here.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpuFlags } from "@/lib/config/machine";
import { Engine } from "@/lib/engine/engine";
import { measureDrift } from "@/lib/model/drift";
import {
  checkInt8Scales,
  type Int8Scales,
  int8ScalesOf,
  QUANTIZATION_METADATA_KEY,
  QUANTIZATION_SCHEME,
  quantizationMetadata,
  scalesOfMetadata,
  VNNI_FLAGS,
} from "@/lib/model/int8-scales";
import { quantizeColumns, quantizeModel } from "@/lib/model/quantize-int8";
import { goldenPairs } from "./helpers/goldens";
import { copyTestModel, rewriteGraph } from "./helpers/model-copy";
import { rng } from "./helpers/rng";

const NO_VNNI = ["avx2", "avx512f"];
const HAS_VNNI = VNNI_FLAGS.some((f) => cpuFlags().includes(f));

describe("column scales", () => {
  it("map each column's largest |w| to 127 and round within half a step, finer than pair scales", () => {
    const [k, n] = [64, 16];
    const r = rng(3);
    const w = Float32Array.from({ length: k * n }, () => r() - 0.5);
    const column = quantizeColumns(w, k, n, "column");
    const pair = quantizeColumns(w, k, n, "pair");
    for (let j = 0; j < n; j++) {
      const q = Array.from({ length: k }, (_, i) => column.q[i * n + j]!);
      expect(Math.max(...q.map(Math.abs))).toBe(127);
      q.forEach((x, i) => {
        expect(Math.abs(x * column.scales[j]! - w[i * n + j]!)).toBeLessThanOrEqual(column.scales[j]! / 2 + 1e-7);
      });
      expect(column.scales[j]!).toBeLessThan(pair.scales[j]!);
    }
  });
});

describe("the scales in the metadata", () => {
  it("reads a value without scales= (written before the choice) as pair, and refuses an unknown choice", () => {
    expect(scalesOfMetadata(QUANTIZATION_SCHEME)).toBe("pair");
    expect(scalesOfMetadata(quantizationMetadata("column"))).toBe("column");
    expect(() => scalesOfMetadata(`${QUANTIZATION_SCHEME}; scales=row`)).toThrow(/unknown int8 scales "row"/);
  });

  it("names the file, the scales, the missing flag and the fix when a CPU lacks VNNI", () => {
    expect(() => checkInt8Scales("/m/onnx/model_int8.onnx", "pair", NO_VNNI)).not.toThrow();
    expect(() => checkInt8Scales("/m/onnx/model_int8.onnx", null, NO_VNNI)).not.toThrow();
    expect(() => checkInt8Scales("/m/onnx/model_int8.onnx", "column", ["avx2", "avx_vnni"])).not.toThrow();
    expect(() => checkInt8Scales("/m/onnx/model_int8.onnx", "column", NO_VNNI)).toThrow(
      /refusing to load \/m\/onnx\/model_int8\.onnx: int8 scales "column" .*avx512_vnni or avx_vnni.*--dir \/m --scales pair --force/,
    );
  });
});

describe("int8 graphs of the test model, by scales", () => {
  const copy = copyTestModel("bge-m3-int8-scales-");
  const int8 = path.join(copy.dir, "onnx/model_int8.onnx");
  const columnFile = path.join(copy.dir, "onnx/model_int8_column.onnx");
  let fp32: Engine;

  beforeAll(async () => {
    quantizeModel(copy.graph, int8);
    quantizeModel(copy.graph, columnFile, { scales: "column" });
    fp32 = await Engine.load({ modelDir: copy.dir, threads: 2 });
  });
  afterAll(() => copy.remove());

  it("records the choice in the metadata, and says so in the engine's execution info", async () => {
    expect(int8ScalesOf(int8)).toBe("pair");
    expect(int8ScalesOf(columnFile)).toBe("column");
    expect(int8ScalesOf(copy.graph)).toBeNull();
    const engine = await Engine.load({ modelDir: copy.dir, threads: 1, variant: "int8", cpuFlags: NO_VNNI });
    expect(engine.execution).toMatchObject({ variant: "int8", int8Scales: "pair" });
    expect(fp32.execution.int8Scales).toBeNull();
  });

  it("reads a file written before the choice existed as pair", async () => {
    const old = path.join(copy.dir, "onnx/model_int8_old.onnx");
    quantizeModel(copy.graph, old);
    rewriteGraph(old, (model) => {
      model.metadataProps = [{ key: QUANTIZATION_METADATA_KEY, value: QUANTIZATION_SCHEME }];
    });
    expect(int8ScalesOf(old)).toBe("pair");
  });

  it("refuses column scales on a CPU without VNNI, naming the file, the scales and the missing flag", async () => {
    const load = Engine.load({
      modelDir: copy.dir,
      threads: 1,
      variant: "int8",
      int8File: columnFile,
      cpuFlags: NO_VNNI,
    });
    await expect(load).rejects.toThrow(
      new RegExp(`refusing to load ${columnFile}: int8 scales "column".*avx512_vnni or avx_vnni.*--scales pair`),
    );
  });

  it.runIf(HAS_VNNI)(
    "runs both on this VNNI CPU; measures their dense cosine to fp32 on the golden texts",
    async () => {
      const pairs = goldenPairs.map((p) => [p.a, p.b] as const);
      const cosine: Partial<Record<Int8Scales, { mean: number; min: number }>> = {};
      for (const [scales, file] of [
        ["pair", int8],
        ["column", columnFile],
      ] as const) {
        const engine = await Engine.load({ modelDir: copy.dir, threads: 2, variant: "int8", int8File: file });
        expect(engine.execution.int8Scales).toBe(scales);
        cosine[scales] = (await measureDrift(fp32, engine, pairs)).denseCosine;
      }
      console.log(`dense cosine to fp32 on ${pairs.length} golden pairs (${cpuFlags().join(", ")}):`, cosine);
      // A saturating (non-VNNI) kernel gave column scales a mean of 0.956. Observed with VNNI: pair 0.9984 (min
      // 0.9903), column 0.9986 (min 0.9862): closer on the mean, not on the worst text, so only the mean is compared.
      expect(cosine.pair!.mean).toBeGreaterThanOrEqual(0.99);
      expect(cosine.column!.mean).toBeGreaterThanOrEqual(0.99);
      expect(cosine.column!.mean).toBeGreaterThanOrEqual(cosine.pair!.mean);
    },
  );
});
