/**
 * The tokenizer on the real 250,002-piece XLM-R vocabulary (tests/fixtures/xlmr-tokenizer): ids, UTF-16 offsets,
 * truncation and decode([id]) equal Hugging Face's Rust tokenizer on 1,118 texts and on every id, both when parsed
 * from tokenizer.json and when loaded from the vocabulary table its first load writes.
 */
import { createHash } from "node:crypto";
import { cpSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTokenizer, type TextTokenizer } from "@/lib/engine/tokenizer";
import { vocabTablePath } from "@/lib/engine/tokenizer/vocab-table";
import { XLMR_FIXTURES, xlmrVocabularyDir } from "@/scripts/lib/xlmr-vocabulary";

interface RustCase {
  text: string;
  ids: number[];
  offsets: [number, number][];
  ids_max16: number[];
  count_before: number;
}

interface RustDecodes {
  ids: number;
  sha256: string;
  sample: { id: number; text: string }[];
}

const gunzipJson = <T>(file: string): T => JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as T;
const cases = gunzipJson<{ cases: RustCase[] }>(path.join(XLMR_FIXTURES, "expected.json.gz")).cases;
const decodes = JSON.parse(readFileSync(path.join(XLMR_FIXTURES, "decode.json"), "utf8")) as RustDecodes;

let dir: string;
let tableDir: string;
/** The inode of the table copied into tableDir, before the tokenizer there loads. */
let copiedTable: number;
const loaded: Record<"parsed" | "from its table", TextTokenizer | undefined> = {
  parsed: undefined,
  "from its table": undefined,
};
const tableOf = (d: string) => vocabTablePath(path.join(d, "onnx", "tokenizer.json"));
beforeAll(async () => {
  dir = xlmrVocabularyDir();
  tableDir = `${dir}-table`;
  loaded.parsed = await loadTokenizer(dir);
  cpSync(dir, tableDir, { recursive: true });
  copiedTable = statSync(tableOf(tableDir)).ino;
  loaded["from its table"] = await loadTokenizer(tableDir);
}, 60_000);
afterAll(() => {
  for (const d of [dir, tableDir]) rmSync(d, { recursive: true, force: true });
});

describe("the vocabulary table", () => {
  it("is written at the first load and read, not rewritten, at the next", () => {
    // A rejected table would be written again, under a new inode.
    expect(statSync(tableOf(tableDir)).ino).toBe(copiedTable);
    expect(statSync(tableOf(dir)).size).toBeGreaterThan(250_002 * 8);
  });

  it("counts for nothing once tokenizer.json changes, and is written anew", async () => {
    const changed = `${dir}-changed`;
    try {
      cpSync(dir, changed, { recursive: true });
      const jsonFile = path.join(changed, "onnx", "tokenizer.json");
      const json = JSON.parse(readFileSync(jsonFile, "utf8")) as { model: { vocab: [string, number][] } };
      const hello = json.model.vocab.findIndex(([piece]) => piece === "▁Hello");
      json.model.vocab[hello]![0] = "▁Hallo-there";
      writeFileSync(jsonFile, JSON.stringify(json));
      const before = statSync(tableOf(changed)).ino;
      const tok = await loadTokenizer(changed);
      expect(tok.decodeToken(hello)).toBe("Hallo-there");
      expect(statSync(tableOf(changed)).ino).not.toBe(before);
    } finally {
      rmSync(changed, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.each(["parsed", "from its table"] as const)("the tokenizer on the real XLM-R vocabulary, %s", (how) => {
  let tok: TextTokenizer;
  beforeAll(() => {
    tok = loaded[how]!;
  });

  it("has 250,002 ids", () => {
    expect(tok.vocabSize).toBe(250_002);
  });

  it("gives Rust's ids and UTF-16 offsets on all 1,118 texts", () => {
    expect(cases).toHaveLength(1118);
    const wrong = cases.filter((c) => {
      const got = tok.encode(c.text, 1_000_000);
      const offsets = got.tokens.map((t) => [t.start, t.end]);
      return JSON.stringify([got.ids, offsets]) !== JSON.stringify([c.ids, c.offsets]);
    });
    expect(wrong.map((c) => c.text)).toEqual([]);
  });

  it("truncates to 16 tokens as Rust does, and counts the tokens before truncation", () => {
    const wrong = cases.filter((c) => {
      const got = tok.encode(c.text, 16);
      return (
        JSON.stringify(got.ids) !== JSON.stringify(c.ids_max16) ||
        got.countBefore !== c.count_before ||
        got.truncated !== c.count_before > 16
      );
    });
    expect(wrong.map((c) => c.text)).toEqual([]);
  });

  it("gives the same result in slices", async () => {
    for (const c of cases.slice(0, 200)) expect((await tok.encodeInSlices(c.text, 16)).ids).toEqual(c.ids_max16);
  });

  it("decodes every id as Rust's decode([id])", () => {
    for (const { id, text } of decodes.sample) expect(tok.decodeToken(id), `id ${id}`).toBe(text);
    const all = Array.from({ length: decodes.ids }, (_, id) => tok.decodeToken(id)).join("\n");
    expect(createHash("sha256").update(all, "utf8").digest("hex")).toBe(decodes.sha256);
  });
});
