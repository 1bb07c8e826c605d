import { describe, expect, it } from "vitest";
import { type Delimiter, readDelimited } from "@/lib/ui/delimited";

const fields = (text: string, delimiter: Delimiter) => {
  const read = readDelimited(text, delimiter);
  return read.ok ? read.records.map((r) => r.fields) : read.problems;
};

describe.each([",", "\t"] as const)("readDelimited with the delimiter %j", (d) => {
  const row = (...cells: string[]) => cells.join(d);

  it("reads quoted fields, doubled quotes, the delimiter and line breaks inside quotes", () => {
    const text = `${row("a", `"b${d} c"`, '"say ""hi"""')}\n${row('"two\nlines"', "x", "y")}\n`;
    expect(fields(text, d)).toEqual([
      ["a", `b${d} c`, 'say "hi"'],
      ["two\nlines", "x", "y"],
    ]);
  });

  it("skips blank lines and rows of empty fields, keeping empty fields in other rows", () => {
    expect(fields(`${row("a", "", "c")}\n\n${row("", "", "")}\n${row("1", "2", "")}\n`, d)).toEqual([
      ["a", "", "c"],
      ["1", "2", ""],
    ]);
  });
});

describe("readDelimited", () => {
  it("makes a CRLF or CR inside a quoted field an LF, as the text boxes hold line breaks", () => {
    expect(fields('"a\r\nb\rc",d\r\n', ",")).toEqual([["a\nb\nc", "d"]]);
  });

  it("numbers each record by the line it starts on, counting line breaks inside quotes", () => {
    const read = readDelimited('h\r\n"a\r\nb"\r\n\r\nc\r\n', ",");
    expect(read.ok && read.records.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it("tells text after a closing quote, read on to the next closing quote, from a field that takes in the rest", () => {
    expect(readDelimited('h\n"x" y\n"fine"\nend\n"z" w\nlast\n', ",")).toEqual({
      ok: false,
      records: [
        { line: 1, fields: ["h"] },
        { line: 4, fields: ["end"] },
      ],
      problems: [
        { line: 2, kind: "textAfterQuote" },
        { line: 5, kind: "unclosedQuote" },
      ],
    });
    expect(readDelimited('h\tk\n"a" b\tc\n"d"\te\n', "\t")).toEqual({
      ok: false,
      records: [{ line: 1, fields: ["h", "k"] }],
      problems: [{ line: 2, kind: "textAfterQuote" }],
    });
  });

  it("says on which line a quoted field is left open or has text after its closing quote", () => {
    expect(readDelimited('h\n"a\nb"\n"x" y\nok\n', ",")).toEqual({
      ok: false,
      records: [
        { line: 1, fields: ["h"] },
        { line: 2, fields: ["a\nb"] },
      ],
      problems: [{ line: 4, kind: "unclosedQuote" }],
    });
    expect(readDelimited('h\tk\nx\ty\n"a\tb\n', "\t")).toEqual({
      ok: false,
      records: [
        { line: 1, fields: ["h", "k"] },
        { line: 2, fields: ["x", "y"] },
      ],
      problems: [{ line: 3, kind: "unclosedQuote" }],
    });
  });

  it("names every row with text after a closing quote, and keeps the rows between them", () => {
    expect(readDelimited('h\n"a" b"\nok\n"c" d"\nfine\n', ",")).toEqual({
      ok: false,
      records: [
        { line: 1, fields: ["h"] },
        { line: 3, fields: ["ok"] },
        { line: 5, fields: ["fine"] },
      ],
      problems: [
        { line: 2, kind: "textAfterQuote" },
        { line: 4, kind: "textAfterQuote" },
      ],
    });
  });
});
