import { describe, expect, it } from "vitest";
import { textFileTexts } from "@/components/shell/text-file";

describe("texts from a dropped file", () => {
  it("reads a .txt file's non-empty lines", () => {
    expect(textFileTexts("\uFEFFfirst\r\n\n  second  \n", "a.txt")).toEqual({ ok: true, texts: ["first", "second"] });
  });

  it("reads a CSV's text column by its header, else its first column, quoted fields on one line", () => {
    const csv = 'id,Passage\n1,"BGE M3, a model"\n2,"two\nlines ""quoted"""\n';
    expect(textFileTexts(csv, "p.csv")).toEqual({ ok: true, texts: ["BGE M3, a model", 'two lines "quoted"'] });
    expect(textFileTexts("alpha,1\nbeta,2\n", "p.CSV")).toEqual({ ok: true, texts: ["alpha", "beta"] });
    expect(textFileTexts("text\tscore\n气候\t1\n", "p.tsv")).toEqual({ ok: true, texts: ["气候"] });
  });

  it("reads JSON arrays of strings or of objects, a wrapped list, and JSONL", () => {
    expect(textFileTexts('["a", "b"]', "p.json")).toEqual({ ok: true, texts: ["a", "b"] });
    expect(textFileTexts('[{"text": "a"}, {"passage": "b"}]', "p.json")).toEqual({ ok: true, texts: ["a", "b"] });
    expect(textFileTexts('{"documents": ["a", " "]}', "p.json")).toEqual({ ok: true, texts: ["a"] });
    expect(textFileTexts('{"text": "a"}\n"b"\n', "p.jsonl")).toEqual({ ok: true, texts: ["a", "b"] });
  });

  it("says why a JSON file gives no texts", () => {
    expect(textFileTexts("[1, 2", "p.json")).toEqual({ ok: false, problem: "json" });
    expect(textFileTexts("[1, 2]", "p.json")).toEqual({ ok: false, problem: "shape" });
    expect(textFileTexts('{"rows": []}', "p.json")).toEqual({ ok: false, problem: "shape" });
  });

  it("says on which line a CSV or TSV has a quoted field left open, instead of throwing", () => {
    expect(textFileTexts('text\n"never closed\nnext\n', "p.csv")).toEqual({
      ok: false,
      problem: "csv",
      quotes: [{ line: 2, kind: "unclosedQuote" }],
    });
    expect(textFileTexts('text\nok\n"quoted" then more\n', "p.tsv")).toEqual({
      ok: false,
      problem: "tsv",
      quotes: [{ line: 3, kind: "unclosedQuote" }],
    });
  });

  it("says on which line a quoted field has text after its closing quote", () => {
    expect(textFileTexts('text\n"quoted" then more\n"b"\n', "p.csv")).toEqual({
      ok: false,
      problem: "csv",
      quotes: [{ line: 2, kind: "textAfterQuote" }],
    });
  });

  it("lists every line of a CSV or TSV file with a quote problem, not only the first", () => {
    expect(textFileTexts('text\n"a" b"\nok\n"c" d"\n"open\n', "p.csv")).toEqual({
      ok: false,
      problem: "csv",
      quotes: [
        { line: 2, kind: "textAfterQuote" },
        { line: 4, kind: "textAfterQuote" },
        { line: 5, kind: "unclosedQuote" },
      ],
    });
  });
});
