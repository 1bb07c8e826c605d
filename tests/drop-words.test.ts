import { describe, expect, it } from "vitest";
import { dropHint, failureWords } from "@/components/shell/drop-words";
import { textFileTexts } from "@/components/shell/text-file";
import { DATA_FILE_TYPES } from "@/lib/ui/data-files";

/** The failure `textFileTexts` gives for `content` read as `filename`. */
function failure(content: string, filename: string) {
  const parsed = textFileTexts(content, filename);
  if (parsed.ok) throw new Error(`${filename} parsed`);
  return parsed;
}

describe("the drop box's hint", () => {
  it("names every type of the table of data files, as a list in each language", () => {
    expect(dropHint("en")).toBe("Drop a file here (.txt one per line, .csv, .tsv, .tab, .json, .jsonl, .ndjson), or");
    expect(dropHint("zh")).toBe("把文件拖到这里（.txt 每行一条、.csv、.tsv、.tab、.json、.jsonl、.ndjson），或");
  });

  it("names a type added to the table", () => {
    const types = [...DATA_FILE_TYPES, { extension: "psv", format: "csv" as const }];
    expect(dropHint("en", types)).toContain(".ndjson, .psv)");
    expect(dropHint("zh", types)).toContain(".ndjson、.psv）");
    expect(dropHint("en", types.slice(0, 2))).toBe("Drop a file here (.txt one per line, .csv), or");
  });
});

describe("why a dropped file gave no texts", () => {
  const threeProblems = 'text\n"a" b"\nok\n"c" d"\n"open\n';

  it("words each problem of a CSV file on its line, in file order, in both languages", () => {
    expect(failureWords("en", failure(threeProblems, "p.csv"), "p.csv")).toEqual({
      text: "p.csv is not valid CSV:",
      problems: [
        {
          line: 2,
          text: "Line 2: a quoted field has text after its closing quote (a closing quote must be followed by a comma or a line end)",
        },
        {
          line: 4,
          text: "Line 4: a quoted field has text after its closing quote (a closing quote must be followed by a comma or a line end)",
        },
        {
          line: 5,
          text: "Line 5: a quoted field opens here and is never closed, so the rest of the file was read as that one field",
        },
      ],
    });
    const zh = failureWords("zh", failure(threeProblems, "p.tsv"), "p.tsv");
    expect(zh.text).toBe("p.tsv 不是有效的 TSV：");
    expect(zh.problems.map((p) => p.text)).toEqual([
      "第 2 行：引号字段在结束引号后还有文字（结束引号后须紧跟制表符或换行）",
      "第 4 行：引号字段在结束引号后还有文字（结束引号后须紧跟制表符或换行）",
      "第 5 行：引号字段从这一行开始，一直没有结束，文件的其余部分都被读成了这一个字段",
    ]);
  });

  it("says a JSON file's problem in one sentence", () => {
    expect(failureWords("en", failure("[1, 2", "p.json"), "p.json")).toEqual({
      text: "p.json is not valid JSON.",
      problems: [],
    });
    expect(failureWords("zh", failure("[1, 2]", "p.json"), "p.json").text).toBe(
      "p.json 中没有文本列表：应为字符串数组，或带 “text” 字段的对象数组。",
    );
  });
});
