import { describe, expect, it } from "vitest";
import { readDelimited } from "@/lib/ui/delimited";

const fields = (text: string, delimiter: "," | "\t") => {
  const read = readDelimited(text, delimiter);
  return read.ok ? read.records.map((r) => r.fields) : read.problems;
};

describe("readDelimited", () => {
  it("reads CSV and TSV alike: quoted fields, doubled quotes, the delimiter and line breaks inside quotes", () => {
    expect(fields('a,"b, c","say ""hi"""\n"two\nlines",x,y\n', ",")).toEqual([
      ["a", "b, c", 'say "hi"'],
      ["two\nlines", "x", "y"],
    ]);
    expect(fields('a\t"b\tc"\t"say ""hi"""\n"two\nlines"\tx\ty\n', "\t")).toEqual([
      ["a", "b\tc", 'say "hi"'],
      ["two\nlines", "x", "y"],
    ]);
  });

  it("makes a CRLF or CR inside a quoted field an LF, as the text boxes hold line breaks", () => {
    expect(fields('"a\r\nb\rc",d\r\n', ",")).toEqual([["a\nb\nc", "d"]]);
  });

  it("skips blank lines and rows of empty fields, keeping empty fields in other rows", () => {
    expect(fields("a,,c\n\n,,\n1,2,\n", ",")).toEqual([
      ["a", "", "c"],
      ["1", "2", ""],
    ]);
    expect(fields("a\t\tc\n\t\t\n1\t2\t\n", "\t")).toEqual([
      ["a", "", "c"],
      ["1", "2", ""],
    ]);
  });

  it("numbers each record by the line it starts on, counting line breaks inside quotes", () => {
    const read = readDelimited('h\r\n"a\r\nb"\r\n\r\nc\r\n', ",");
    expect(read.ok && read.records.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it("says on which line a quoted field is left open or has text after its closing quote", () => {
    expect(readDelimited('h\n"a\nb"\n"x" y\nok\n', ",")).toEqual({
      ok: false,
      problems: [{ line: 4, kind: "unclosedQuote" }],
    });
    expect(readDelimited('h\tk\nx\ty\n"a\tb\n', "\t")).toEqual({
      ok: false,
      problems: [{ line: 3, kind: "unclosedQuote" }],
    });
  });
});
