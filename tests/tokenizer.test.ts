import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadTokenizer, type TextTokenizer, truncatedTo } from "@/lib/engine/tokenizer";

const MODEL_DIR = "models/bge-m3-tiny";

interface ReferenceCase {
  name: string;
  group: string;
  text: string;
  maxLength: number;
  countBefore: number;
  truncated: boolean;
  ids: number[];
  tokens: string[];
  offsets: [number, number][];
}

interface Pair {
  a: string;
  b: string;
  ids_a: number[];
  ids_b: number[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;
const reference = readJson<{ cases: ReferenceCase[]; decode: { id: number; text: string }[] }>(
  "tests/fixtures/tokenizer-offsets.json",
);
const pairs = readJson<{ pairs: Pair[] }>("tests/fixtures/bge-m3-tiny-pairs.json").pairs;

let tok: TextTokenizer;
beforeAll(async () => {
  tok = await loadTokenizer(MODEL_DIR);
});

describe("loadTokenizer", () => {
  it("returns the same cached instance for the same model directory", async () => {
    expect(await loadTokenizer(MODEL_DIR)).toBe(tok);
    expect(await loadTokenizer(`./${MODEL_DIR}/`)).toBe(tok);
  });

  it("reports the tiny model's vocabulary size, <mask> included", () => {
    expect(tok.vocabSize).toBe(8002);
  });

  it("rejects a directory without onnx/tokenizer.json, then loads it once the files are there", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tokenizer-test-"));
    try {
      await expect(loadTokenizer(dir)).rejects.toThrow(/cannot read .*onnx\/tokenizer\.json/);
      mkdirSync(path.join(dir, "onnx"));
      for (const f of ["tokenizer.json", "tokenizer_config.json"])
        copyFileSync(path.join(MODEL_DIR, "onnx", f), path.join(dir, "onnx", f));
      const loaded = await loadTokenizer(dir);
      expect(loaded).not.toBe(tok);
      expect(loaded.encode("What is BGE M3?", 16).ids).toEqual(tok.encode("What is BGE M3?", 16).ids);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names an unsupported pipeline instead of tokenizing differently", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tokenizer-test-"));
    try {
      mkdirSync(path.join(dir, "onnx"));
      const json = JSON.parse(readFileSync(path.join(MODEL_DIR, "onnx", "tokenizer.json"), "utf8"));
      json.pre_tokenizer = { type: "Whitespace" };
      writeFileSync(path.join(dir, "onnx", "tokenizer.json"), JSON.stringify(json));
      copyFileSync(
        path.join(MODEL_DIR, "onnx", "tokenizer_config.json"),
        path.join(dir, "onnx", "tokenizer_config.json"),
      );
      await expect(loadTokenizer(dir)).rejects.toThrow(/unsupported tokenizer pipeline \(pre_tokenizer/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("encode matches the golden pairs' ids", () => {
  it.each(pairs.map((p, i) => [i, p] as const))("pair %i: both texts give the fixture's ids", (_i, pair) => {
    expect(tok.encode(pair.a, 8192).ids).toEqual(pair.ids_a);
    expect(tok.encode(pair.b, 8192).ids).toEqual(pair.ids_b);
  });
});

describe("encode matches HF's Rust tokenizer", () => {
  it("covers every group of the reference table", () => {
    const groups = new Set(reference.cases.map((c) => c.group));
    expect([...groups].sort()).toEqual(["edge", "golden", "graphemes", "multilingual", "random", "truncation"]);
    expect(reference.cases.length).toBeGreaterThanOrEqual(130);
  });

  it.each(reference.cases.map((c) => [c.group, c.name, c] as const))(
    "%s / %s: ids, tokens, UTF-16 offsets and counts are identical",
    (_group, _name, ref) => {
      const out = tok.encode(ref.text, ref.maxLength);
      expect(out.ids).toEqual(ref.ids);
      expect(out.tokens.map((t) => t.text)).toEqual(ref.tokens);
      expect(out.tokens.map((t) => [t.start, t.end])).toEqual(ref.offsets);
      expect(out.tokens.map((t) => t.id)).toEqual(ref.ids);
      expect(out.countBefore).toBe(ref.countBefore);
      expect(out.truncated).toBe(ref.truncated);
    },
  );
});

describe("offsets point into the original text", () => {
  it("slices 'What is BGE M3?' back to each token's source, the space before a word included", () => {
    const out = tok.encode("What is BGE M3?", 8192);
    const slices = out.tokens.map((t) => "What is BGE M3?".slice(t.start, t.end));
    expect(slices[0]).toBe("");
    expect(slices.at(-1)).toBe("");
    expect(slices.slice(1, -1).join("")).toBe("What is BGE M3?");
  });

  it("gives a surrogate pair both UTF-16 units", () => {
    const text = "rocket 🚀";
    const rocket = tok.encode(text, 8192).tokens.find((t) => t.text.includes("🚀"));
    expect(rocket).toBeDefined();
    expect(text.slice(rocket!.start, rocket!.end)).toContain("🚀");
    expect(rocket!.end).toBe(text.length);
  });

  it("maps a ligature's two normalised letters to the one original character", () => {
    const text = "xx ﬁ";
    const tokens = tok.encode(text, 8192).tokens.slice(1, -1);
    expect(tokens.map((t) => text.slice(t.start, t.end)).join("|")).toContain("ﬁ");
    expect(tokens.at(-1)!.end).toBe(text.length);
  });

  it("gives <mask> its own id with the whitespace it strips on the left", () => {
    const out = tok.encode("a <mask> b", 8192);
    const mask = out.tokens.find((t) => t.id === 8001)!;
    expect([mask.start, mask.end, mask.text]).toEqual([1, 8, " <mask>"]);
  });
});

describe("truncation", () => {
  const long = reference.cases.find((c) => c.group === "truncation")!.text;

  it("keeps <s>, the first L−2 pieces and </s>", () => {
    const full = tok.encode(long, 8192);
    const cut = tok.encode(long, 10);
    expect(cut.ids).toEqual([...full.ids.slice(0, 9), 2]);
    expect(cut.tokens.slice(0, 9)).toEqual(full.tokens.slice(0, 9));
    expect(cut.countBefore).toBe(full.countBefore);
    expect(cut.truncated).toBe(true);
  });

  it("leaves a text of exactly maxLength tokens untouched", () => {
    const n = tok.encode("What is BGE M3?", 8192).ids.length;
    const out = tok.encode("What is BGE M3?", n);
    expect(out.ids.length).toBe(n);
    expect(out.truncated).toBe(false);
    expect(tok.encode("What is BGE M3?", n - 1).truncated).toBe(true);
  });

  it.each([2, 0, -1, 3.5, Number.NaN])("rejects maxLength %s with a RangeError", (bad) => {
    expect(() => tok.encode("hi", bad)).toThrow(RangeError);
  });

  it.each([3, 10, 64, 8192])("cuts a longer tokenization to what encode gives at maxLength %i", (n) => {
    expect(truncatedTo(tok.encode(long, 1e6), n)).toEqual(tok.encode(long, n));
    expect(truncatedTo(tok.encode(long, 64), Math.min(n, 64))).toEqual(tok.encode(long, Math.min(n, 64)));
  });

  it("refuses to lengthen a tokenization that was cut shorter", () => {
    expect(() => truncatedTo(tok.encode(long, 10), 11)).toThrow(RangeError);
    expect(() => truncatedTo(tok.encode(long, 1e6), 2)).toThrow(RangeError);
  });
});

describe("decodeToken", () => {
  it.each(reference.decode.map((d) => [d.id, d.text] as const))(
    "id %i decodes like Rust's decode([id])",
    (id, text) => {
      expect(tok.decodeToken(id)).toBe(text);
    },
  );

  it("rejects ids outside the vocabulary", () => {
    expect(() => tok.decodeToken(8002)).toThrow(RangeError);
    expect(() => tok.decodeToken(-1)).toThrow(RangeError);
  });
});

describe("long texts", () => {
  it("encodes 50,000 characters of mixed text, full of space runs, with ordered in-range offsets", () => {
    const unit = "Retrieval  augmented   generation 检索增强生成 🚀 ﬁne ｶﾞ\tcafe\u0301 <mask> ";
    const text = unit.repeat(Math.ceil(50_000 / unit.length)).slice(0, 50_000);
    const t0 = performance.now();
    const out = tok.encode(text, 8192);
    const elapsed = performance.now() - t0;
    expect(out.countBefore).toBeGreaterThan(8192);
    expect(out.ids.length).toBe(8192);
    const ends = out.tokens.slice(1, -1).map((t) => t.end);
    expect(ends.every((e, i) => e >= (ends[i - 1] ?? 0) && e <= text.length)).toBe(true);
    expect(elapsed).toBeLessThan(3000);
  });

  it("stays linear on 200,000 characters without a space (one Metaspace word; about 0.6 s, quadratic took 80 s)", () => {
    const text = "检索增强生成结合了检索器和生成器".repeat(12_500);
    const t0 = performance.now();
    const out = tok.encode(text, 512);
    expect(performance.now() - t0).toBeLessThan(8000);
    expect(out.countBefore).toBeGreaterThan(100_000);
    expect(out.tokens.at(-2)!.end).toBeLessThan(1000);
  });
});
