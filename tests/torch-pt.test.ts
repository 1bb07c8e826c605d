import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { loadTorchStateDict, readTorchStateDict, type TorchTensor } from "@/lib/model/torch-pt";

// expected.json is written by tests/fixtures/torch-pt/make_fixtures.py with real PyTorch
const FIXTURES = fileURLToPath(new URL("./fixtures/torch-pt/", import.meta.url));
const TINY = fileURLToPath(new URL("../models/bge-m3-tiny/", import.meta.url));

type Value = number | "inf" | "-inf" | "nan";
interface Summary {
  dtype: string;
  shape: number[];
  first: Value[];
  sum: number;
  sumSquares: number;
  indexWeightedSum: number;
}
interface Full {
  dtype: string;
  shape: number[];
  values: Value[];
}
const expected: { tiny: Record<string, Record<string, Summary>>; files: Record<string, Record<string, Full>> } =
  JSON.parse(readFileSync(`${FIXTURES}expected.json`, "utf8"));

const SPECIAL = { inf: Number.POSITIVE_INFINITY, "-inf": Number.NEGATIVE_INFINITY, nan: Number.NaN };
/** Expected values as the float32 numbers the reader must return. */
const asF32 = (values: Value[]) => values.map((v) => (typeof v === "number" ? Math.fround(v) : SPECIAL[v]));

const fixture = (name: string) => new Uint8Array(readFileSync(`${FIXTURES}${name}`));

function expectFull(actual: TorchTensor | undefined, want: Full) {
  expect(actual).toBeDefined();
  expect(actual!.dtype).toBe(want.dtype);
  expect(actual!.shape).toEqual(want.shape);
  expect(actual!.data).toBeInstanceOf(Float32Array);
  // toEqual tells -0 from 0 and treats NaN as equal to NaN
  expect(Array.from(actual!.data)).toEqual(asF32(want.values));
}

/** Rewrites entries of a fixture zip, to craft broken or unusual checkpoints. */
function rezip(name: string, edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(fixture(name));
  edit(files);
  return zipSync(files);
}

function pickleZip(pickle: number[]): Uint8Array {
  return zipSync({ "crafted/data.pkl": new Uint8Array(pickle), "crafted/version": strToU8("3\n") });
}

const ascii = (s: string) => Array.from(strToU8(s));

describe("readTorchStateDict on the bge-m3-tiny heads", () => {
  for (const file of ["colbert_linear", "sparse_linear"]) {
    it(`reads ${file}.pt as fp16 tensors matching PyTorch's values`, async () => {
      const state = await loadTorchStateDict(`${TINY}${file}.pt`);
      const want = expected.tiny[file]!;
      expect([...state.keys()]).toEqual(Object.keys(want));
      for (const [key, w] of Object.entries(want)) {
        const t = state.get(key)!;
        expect(t.dtype).toBe("float16");
        expect(t.shape).toEqual(w.shape);
        expect(t.data.length).toBe(w.shape.reduce((a, b) => a * b, 1));
        expect(Array.from(t.data.subarray(0, 8))).toEqual(asF32(w.first));
        let sum = 0;
        let squares = 0;
        let weighted = 0;
        t.data.forEach((v, i) => {
          sum += v;
          squares += v * v;
          weighted += i * v;
        });
        expect(Math.abs(sum - w.sum)).toBeLessThan(1e-6);
        expect(Math.abs(squares - w.sumSquares)).toBeLessThan(1e-6);
        expect(Math.abs(weighted - w.indexWeightedSum)).toBeLessThan(1e-6);
      }
    });
  }

  it("gives the same result from bytes as from the path", async () => {
    const bytes = new Uint8Array(readFileSync(`${TINY}sparse_linear.pt`));
    expect(readTorchStateDict(bytes)).toEqual(await loadTorchStateDict(`${TINY}sparse_linear.pt`));
  });
});

describe("readTorchStateDict dtypes and layouts", () => {
  it("reads an fp32 OrderedDict, an nn.Parameter and a nested dict, skipping non-tensor entries", () => {
    const state = readTorchStateDict(fixture("fp32.pt"), "fp32.pt");
    const want = expected.files["fp32.pt"]!;
    expect([...state.keys()]).toEqual(["weight", "bias", "scale", "nested.inner"]);
    for (const [key, w] of Object.entries(want)) expectFull(state.get(key), w);
  });

  it("rounds fp64 values to the nearest float32", () => {
    const state = readTorchStateDict(fixture("fp64.pt"));
    expectFull(state.get("x"), expected.files["fp64.pt"]!.x!);
    expect(state.get("x")!.data[1]).toBe(-0); // -2.5e-300 underflows to -0 in float32
  });

  it("converts fp16 and bf16 exactly, including subnormals, signed zeros, infinities and NaN", () => {
    const state = readTorchStateDict(fixture("specials.pt"));
    const want = expected.files["specials.pt"]!;
    expectFull(state.get("half"), want.half!);
    expectFull(state.get("bf16"), want.bf16!);
    expect(state.get("half")!.data[10]).toBe(2 ** -24);
  });

  it("materialises views with a storage offset, transposed or zero strides, and 0-d tensors in row-major order", () => {
    const state = readTorchStateDict(fixture("views.pt"));
    const want = expected.files["views.pt"]!;
    expect([...state.keys()].sort()).toEqual(Object.keys(want).sort());
    for (const [key, w] of Object.entries(want)) expectFull(state.get(key), w);
    expect(state.get("transposed")!.data.slice(0, 3)).toEqual(new Float32Array([0, 0.5, 1]));
  });

  it("reads big-endian storages when the byteorder entry says so, and deflated entries", () => {
    const swapped = rezip("fp32.pt", (files) => {
      for (const [name, data] of Object.entries(files)) {
        if (name.includes("/data/")) for (let i = 0; i < data.length; i += 4) data.subarray(i, i + 4).reverse();
      }
      files["fp32/byteorder"] = strToU8("big");
    });
    const state = readTorchStateDict(swapped);
    for (const [key, w] of Object.entries(expected.files["fp32.pt"]!)) expectFull(state.get(key), w);
  });
});

describe("readTorchStateDict errors", () => {
  it("rejects a non-zip buffer and names the source", () => {
    expect(() => readTorchStateDict(strToU8("hello"), "weights.bin")).toThrow(/^weights\.bin: not a zip archive/);
  });

  it("explains how to re-save a legacy pre-1.6 checkpoint", async () => {
    const path = `${FIXTURES}legacy.pt`;
    await expect(loadTorchStateDict(path)).rejects.toThrow(path);
    expect(() => readTorchStateDict(fixture("legacy.pt"), "legacy.pt")).toThrow(
      /legacy.pt: not a zip archive; .*legacy \(pre-1\.6\).*torch\.save\(torch\.load/,
    );
  });

  it("rejects a zip without data.pkl", () => {
    const zip = zipSync({ "ckpt/version": strToU8("3\n") });
    expect(() => readTorchStateDict(zip, "ckpt.pt")).toThrow("ckpt.pt: no ckpt/data.pkl in the zip");
  });

  it("refuses globals outside the whitelist and names them", () => {
    // PROTO 2, GLOBAL os.system, EMPTY_TUPLE, REDUCE, STOP
    const evil = pickleZip([0x80, 2, 0x63, ...ascii("os\nsystem\n"), 0x29, 0x52, 0x2e]);
    expect(() => readTorchStateDict(evil, "evil.pt")).toThrow("evil.pt: pickle references disallowed global os.system");
    const stackGlobal = pickleZip([0x80, 2, 0x8c, 8, ...ascii("builtins"), 0x8c, 4, ...ascii("eval"), 0x93, 0x2e]);
    expect(() => readTorchStateDict(stackGlobal)).toThrow("disallowed global builtins.eval");
  });

  it("names an unsupported pickle opcode", () => {
    // PROTO 2, INT "1\n" (a protocol-0 opcode), STOP
    expect(() => readTorchStateDict(pickleZip([0x80, 2, 0x49, ...ascii("1\n"), 0x2e]), "old.pt")).toThrow(
      "old.pt: unsupported pickle opcode INT at byte 2",
    );
  });

  it("rejects a storage type it cannot convert, such as int64", () => {
    expect(() => readTorchStateDict(fixture("int64.pt"), "int64.pt")).toThrow(
      "int64.pt: unsupported storage type torch.LongStorage",
    );
  });

  it("rejects a storage file too short for its tensor", () => {
    const truncated = rezip("fp32.pt", (files) => {
      files["fp32/data/0"] = files["fp32/data/0"]!.subarray(0, 40);
    });
    expect(() => readTorchStateDict(truncated, "short.pt")).toThrow(
      "short.pt: storage file fp32/data/0 is too short: 40 bytes for 12 float32 values",
    );
  });

  it("rejects a pickle that is not a dict", () => {
    // PROTO 2, BININT1 5, STOP
    expect(() => readTorchStateDict(pickleZip([0x80, 2, 0x4b, 5, 0x2e]), "n.pt")).toThrow(
      "n.pt: expected a state dict, found number",
    );
  });
});
