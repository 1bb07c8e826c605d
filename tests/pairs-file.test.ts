import { describe, expect, it } from "vitest";
import { textFileTexts } from "@/components/shell/text-file";
import { detectFormat, distinctTexts, parsePairs, samePairs } from "@/components/tune/pairs-file";

describe("parsePairs", () => {
  it("reads CSV with a header in any column order, quotes, doubled quotes and line breaks inside quotes", () => {
    const csv = 'label,text_b,text_a\r\n1,"Hello, world","He said ""hi"""\n0,"two\nlines",plain\n';
    const r = parsePairs(csv);
    expect(r).toEqual({
      ok: true,
      format: "csv",
      pairs: [
        { a: 'He said "hi"', b: "Hello, world", label: 1 },
        { a: "plain", b: "two\nlines", label: 0 },
      ],
    });
  });

  it("reads TSV, detected from a tab in the first line, ignoring extra columns", () => {
    const r = parsePairs("id\ttext_a\ttext_b\tlabel\n7\t我喜欢看书\t阅读使我快乐\t4.5\n");
    expect(r).toEqual({ ok: true, format: "tsv", pairs: [{ a: "我喜欢看书", b: "阅读使我快乐", label: 4.5 }] });
  });

  it("reads JSONL with numeric, string and boolean labels, and the API's a/b names", () => {
    const r = parsePairs(
      '{"text_a":"x","text_b":"y","label":3}\n\n{"a":"p","b":"q","label":"0"}\n{"a":"s","b":"t","label":true}',
    );
    expect(r).toEqual({
      ok: true,
      format: "jsonl",
      pairs: [
        { a: "x", b: "y", label: 3 },
        { a: "p", b: "q", label: 0 },
        { a: "s", b: "t", label: 1 },
      ],
    });
  });

  it("strips a byte-order mark", () => {
    const r = parsePairs("\uFEFFtext_a,text_b,label\nx,y,1\n");
    expect(r.ok && r.pairs).toEqual([{ a: "x", b: "y", label: 1 }]);
  });

  it("says which line is wrong: a label that is not a number, an empty text, a bad JSON line", () => {
    expect(parsePairs("text_a,text_b,label\nx,y,1\nx,y,high\n")).toMatchObject({ ok: false, problems: [{ line: 3 }] });
    expect(parsePairs("text_a,text_b,label\nx,,1\n")).toMatchObject({
      ok: false,
      problems: [{ line: 2, kind: "emptyB" }],
    });
    expect(parsePairs('{"a":"x","b":"y","label":1}\n{oops}\n')).toMatchObject({ ok: false, problems: [{ line: 2 }] });
  });

  it("lists every wrong line, not only the first, in file order", () => {
    const csv = "text_a,text_b,label\nx,y,1\nx,y,high\nx,y,0\n,y,1\nx,y,\n";
    expect(parsePairs(csv)).toEqual({
      ok: false,
      format: "csv",
      problems: [
        { line: 3, kind: "labelNotNumber", detail: '"high"' },
        { line: 5, kind: "emptyA" },
        { line: 6, kind: "labelNotNumber", detail: '""' },
      ],
    });
    const jsonl = '{"a":"x","b":"y","label":1}\n{oops}\n{"a":"x","b":"y","label":"no"}\n';
    expect(parsePairs(jsonl)).toMatchObject({ ok: false, problems: [{ line: 2 }, { line: 3 }] });
  });

  it("counts lines across quoted line breaks when reporting an error", () => {
    const r = parsePairs('text_a,text_b,label\n"a\nb",c,1\nd,e,x\n');
    expect(r).toMatchObject({ ok: false, problems: [{ line: 4 }] });
  });

  it("counts lines across quoted CRLF and CR line breaks, for every bad row after them", () => {
    const crlf = 'text_a,text_b,label\r\n"a\r\nb\r\nc",d,1\r\ne,f,x\r\n\r\n,g,1\r\n';
    expect(parsePairs(crlf)).toEqual({
      ok: false,
      format: "csv",
      problems: [
        { line: 5, kind: "labelNotNumber", detail: '"x"' },
        { line: 7, kind: "emptyA" },
      ],
    });
    expect(parsePairs('text_a,text_b,label\r"a\rb",c,1\rd,e,x\r')).toMatchObject({ problems: [{ line: 4 }] });
  });

  it("says where a quoted field is left open, after a multi-line field, or closed with text after the quote", () => {
    const open = 'text_a,text_b,label\n"a\nb",c,1\nd,e,1\n"never closed,1\nf,g,1\n';
    expect(parsePairs(open)).toEqual({ ok: false, format: "csv", problems: [{ line: 5, kind: "unclosedQuote" }] });
    const stray = 'text_a,text_b,label\nx,y,1\n"quoted" then more,y,1\nx,y,1\n';
    expect(parsePairs(stray)).toMatchObject({ ok: false, problems: [{ line: 3, kind: "unclosedQuote" }] });
    const closedLater = 'text_a,text_b,label\n"x" y,b,1\n"c",d,1\ne,f,1\n';
    expect(parsePairs(closedLater)).toMatchObject({ ok: false, problems: [{ line: 2, kind: "textAfterQuote" }] });
  });

  it("checks the rows that did read when others have quote problems, and lists them all by line", () => {
    const csv = 'text_a,text_b,label\n"x" y",b,1\nc,d,maybe\n"e" f",g,1\n,h,1\ni,j,0\n';
    expect(parsePairs(csv)).toEqual({
      ok: false,
      format: "csv",
      problems: [
        { line: 2, kind: "textAfterQuote" },
        { line: 3, kind: "labelNotNumber", detail: '"maybe"' },
        { line: 4, kind: "textAfterQuote" },
        { line: 5, kind: "emptyA" },
      ],
    });
    const missing = 'text_a,text_b\n"c" x",d\n';
    expect(parsePairs(missing)).toEqual({
      ok: false,
      format: "csv",
      problems: [
        { line: 1, kind: "noColumn", detail: "label" },
        { line: 2, kind: "textAfterQuote" },
      ],
    });
  });

  it("checks no row by a header row with a quote problem", () => {
    expect(parsePairs('"text_a" x",text_b,label\nc,d,maybe\n')).toEqual({
      ok: false,
      format: "csv",
      problems: [{ line: 1, kind: "textAfterQuote" }],
    });
  });

  it("keeps a quote inside an unquoted field as written", () => {
    expect(parsePairs('text_a,text_b,label\n5" screen,it\'s 12",1\n')).toMatchObject({
      ok: true,
      pairs: [{ a: '5" screen', b: "it's 12\"", label: 1 }],
    });
  });

  it("needs the three columns in the header", () => {
    expect(parsePairs("first,second,label\nx,y,1\n")).toMatchObject({
      ok: false,
      problems: [{ line: 1, kind: "noColumn", detail: "text_a" }],
    });
    expect(parsePairs('text_a,text_b,label\n"never closed,1\n')).toMatchObject({ ok: false, problems: [{ line: 2 }] });
  });
});

describe("detectFormat", () => {
  it("trusts the file extension, else looks at the content", () => {
    expect(detectFormat("{}", "pairs.csv")).toBe("csv");
    expect(detectFormat("a,b", "pairs.jsonl")).toBe("jsonl");
    expect(detectFormat("a,b", "pairs.TSV")).toBe("tsv");
    expect(detectFormat('  {"a":1}')).toBe("jsonl");
    expect(detectFormat("text_a\ttext_b\tlabel")).toBe("tsv");
    expect(detectFormat("text_a,text_b,label")).toBe("csv");
  });
});

describe("distinctTexts", () => {
  it("counts each text once across both sides", () => {
    expect(
      distinctTexts([
        { a: "x", b: "y", label: 1 },
        { a: "y", b: "z", label: 0 },
      ]),
    ).toBe(3);
  });
});

describe("the bundled tuning samples", () => {
  it("parse: 40 multilingual 0/1 pairs with both labels, and 30 graded pairs", async () => {
    const { readFile } = await import("node:fs/promises");
    const binary = parsePairs(await readFile("public/samples/paraphrase-pairs.csv", "utf8"), "csv");
    expect(binary.ok && binary.pairs.length).toBe(40);
    const labels = binary.ok ? binary.pairs.map((p) => p.label) : [];
    expect(new Set(labels)).toEqual(new Set([0, 1]));
    const graded = parsePairs(await readFile("public/samples/graded-similarity.jsonl", "utf8"), "jsonl");
    expect(graded.ok && graded.pairs.length).toBe(30);
    expect(graded.ok && graded.pairs.some((p) => p.label !== 0 && p.label !== 1)).toBe(true);
  });
});

describe("samePairs", () => {
  it("is true only for the same texts and labels in the same order", () => {
    const p = [
      { a: "x", b: "y", label: 1 },
      { a: "u", b: "v", label: 0 },
    ];
    expect(
      samePairs(
        p,
        p.map((q) => ({ ...q })),
      ),
    ).toBe(true);
    expect(samePairs(p, [p[1]!, p[0]!])).toBe(false);
    expect(samePairs(p, [p[0]!, { ...p[1]!, label: 1 }])).toBe(false);
    expect(samePairs(p, [p[0]!])).toBe(false);
  });
});

describe("a quoted TSV field", () => {
  const field = '"a\tb\r\nc ""d"""';

  it("reads on /tune with its tab and line break, and counts its lines for later problems", () => {
    const tsv = `text_a\ttext_b\tlabel\n${field}\tx\t1\ny\tz\thigh\n`;
    expect(parsePairs(tsv, "tsv")).toEqual({
      ok: false,
      format: "tsv",
      problems: [{ line: 4, kind: "labelNotNumber", detail: '"high"' }],
    });
    expect(parsePairs(`text_a\ttext_b\tlabel\n${field}\tx\t1\n`)).toEqual({
      ok: true,
      format: "tsv",
      pairs: [{ a: 'a\tb\nc "d"', b: "x", label: 1 }],
    });
  });

  it("reads the same on /tune as in a file dropped on /matrix or /search (which joins its lines)", () => {
    const tuned = parsePairs(`text_a\ttext_b\tlabel\n${field}\tx\t1\n`, "tsv");
    const dropped = textFileTexts(`text\tscore\n${field}\t1\n`, "texts.tsv");
    expect(tuned.ok && tuned.pairs[0]!.a.replace(/\s+/g, " ")).toBe('a b c "d"');
    expect(dropped).toEqual({ ok: true, texts: ['a b c "d"'] });
  });

  it("left open is an unclosedQuote on the line it starts on", () => {
    expect(parsePairs('text_a\ttext_b\tlabel\nx\ty\t1\n"open\ty\t1\n', "tsv")).toEqual({
      ok: false,
      format: "tsv",
      problems: [{ line: 3, kind: "unclosedQuote" }],
    });
  });
});
