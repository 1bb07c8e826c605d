/**
 * The tokenizer on the real 250,002-piece XLM-R vocabulary (tests/fixtures/xlmr-tokenizer): ids, UTF-16 offsets,
 * truncation and decode([id]) equal Hugging Face's Rust tokenizer on 1,118 texts and on every id.
 */
import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTokenizer, type TextTokenizer } from "@/lib/engine/tokenizer";
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
let tok: TextTokenizer;
beforeAll(async () => {
  dir = xlmrVocabularyDir();
  tok = await loadTokenizer(dir);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the tokenizer on the real XLM-R vocabulary", () => {
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
