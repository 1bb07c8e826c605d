import { describe, expect, it } from "vitest";
import { coverageCsv } from "@/components/coverage/coverage-export";
import { matrixCsv } from "@/components/matrix/csv";
import { rankingCsv } from "@/components/search/search-csv";
import type { CoverageResponse } from "@/lib/api/coverage-contract";
import { csvField, csvText } from "@/lib/ui/csv";

describe("csvField", () => {
  it("quotes a text with a comma, quote, CR or LF, doubling its quotes", () => {
    expect(csvField("plain 中文")).toBe("plain 中文");
    expect(csvField("a, b")).toBe('"a, b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
  });

  it("defuses texts a spreadsheet would run as formulas", () => {
    expect(csvField("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvField("@cmd")).toBe("'@cmd");
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("\tx")).toBe("'\tx");
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it("writes numbers as they are, and a number that is not finite as an empty field", () => {
    expect(csvField(-0.25)).toBe("-0.25");
    expect(csvField(Number.NaN)).toBe("");
    expect(csvField(Number.POSITIVE_INFINITY)).toBe("");
  });
});

describe("csvText", () => {
  it("starts with a BOM and ends every line, the last too, with CRLF", () => {
    expect(
      csvText([
        ["a", 1],
        ["b,c", -2],
      ]),
    ).toBe('\uFEFFa,1\r\n"b,c",-2\r\n');
  });
});

describe("the exports", () => {
  it("matrix: a header of texts and one row per text", () => {
    const csv = matrixCsv("query \\ document", ["a, b", "=c"], [1, 0.5, 0.123456789, 1]);
    expect(csv).toBe('\uFEFFquery \\ document,"a, b",\'=c\r\n"a, b",1,0.5\r\n\'=c,0.1234568,1\r\n');
  });

  it("search: one row a passage with its rank, mark, scores, the query and the passage", () => {
    const ranked = [
      { index: 1, hybrid: 0.75, scores: { dense: 0.8, sparse: 0.1, colbert: 0.7 } },
      { index: 0, hybrid: -0.5, scores: { dense: -0.5, sparse: 0, colbert: Number.NaN } },
    ];
    const csv = rankingCsv("q, 1", ranked, ["first", 'say "hi"'], (i) => i === 1);
    expect(csv).toBe(
      "\uFEFFrank,passage,answers_query,hybrid,dense,sparse,colbert,query,text\r\n" +
        '1,2,1,0.75,0.8,0.1,0.7,"q, 1","say ""hi"""\r\n' +
        '2,1,0,-0.5,-0.5,0,,"q, 1",first\r\n',
    );
  });

  it("coverage: one row a passage with its offsets, tokens, scores and text", () => {
    const data = {
      model: { name: "bge-m3-tiny" },
      chunk_tokens: 16,
      overlap_tokens: 4,
      max_length: 8192,
      passages: [{ index: 0, start: 0, end: 4, tokens: 3, scores: { dense: 0.5, sparse: 0, colbert: 1, hybrid: 0 } }],
    } as unknown as CoverageResponse;
    expect(coverageCsv(data, "-a,b rest", { dense: 1, sparse: 0, colbert: 1 })).toBe(
      '\uFEFFindex,start,end,tokens,dense,sparse,colbert,hybrid,text\r\n0,0,4,3,0.5,0,1,0.75,"\'-a,b"\r\n',
    );
  });
});
