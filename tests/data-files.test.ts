import { describe, expect, it } from "vitest";
import { textFileTexts } from "@/components/shell/text-file";
import { detectFormat } from "@/components/tune/pairs-file";
import { DATA_FILE_ACCEPT, DATA_FILE_TYPES, dataFileFormat } from "@/lib/ui/data-files";

const offered = DATA_FILE_ACCEPT.split(",");

describe("the data files the drop boxes read and their choosers offer", () => {
  it("offers every extension and media type of the table, and nothing else", () => {
    const expected = DATA_FILE_TYPES.flatMap((t) => [`.${t.extension}`, ...(t.mime ? [t.mime] : [])]);
    expect([...offered].sort()).toEqual([...new Set(expected)].sort());
    for (const ext of [".txt", ".csv", ".tsv", ".tab", ".json", ".jsonl", ".ndjson"]) expect(offered).toContain(ext);
  });

  it("names a file's format by its extension in any case, else none", () => {
    expect(dataFileFormat("pairs.TAB")).toBe("tsv");
    expect(dataFileFormat("rows.ndjson")).toBe("jsonl");
    expect(dataFileFormat("notes.txt")).toBe("lines");
    expect(dataFileFormat("report.md")).toBeNull();
    expect(dataFileFormat("constructor")).toBeNull();
    expect(dataFileFormat("x.constructor")).toBeNull();
  });

  it("reads each offered extension as its format, in the drop box and in the pairs reader", () => {
    const tsv = "text\tlabel\n气候\t1\n";
    const jsonl = '{"text": "a"}\n{"text": "b"}\n';
    expect(textFileTexts(tsv, "p.tab")).toEqual({ ok: true, texts: ["气候"] });
    expect(textFileTexts(jsonl, "p.ndjson")).toEqual({ ok: true, texts: ["a", "b"] });
    const pairsFormat = { lines: "csv", csv: "csv", tsv: "tsv", json: "jsonl", jsonl: "jsonl" } as const;
    for (const { extension, format } of DATA_FILE_TYPES) {
      expect(detectFormat("a,b,1", `pairs.${extension}`), extension).toBe(pairsFormat[format]);
    }
  });
});
