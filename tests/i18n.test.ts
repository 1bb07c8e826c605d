import { describe, expect, it } from "vitest";
import { formatList, formatMessage, MESSAGES, translate } from "@/lib/i18n";
import { API_DOCS } from "@/lib/i18n/messages/api-docs";
import { COMMON } from "@/lib/i18n/messages/common";
import { COMPARE } from "@/lib/i18n/messages/compare";
import { COVERAGE } from "@/lib/i18n/messages/coverage";
import { LOGIN } from "@/lib/i18n/messages/login";
import { MATRIX } from "@/lib/i18n/messages/matrix";
import { SEARCH } from "@/lib/i18n/messages/search";
import { TOOLS } from "@/lib/i18n/messages/tools";
import { TUNE } from "@/lib/i18n/messages/tune";

describe("formatMessage", () => {
  it("writes numbers with the language's grouping and leaves strings as given", () => {
    expect(formatMessage("en", "{n} of {m}", { n: 9530, m: "8192" })).toBe("9,530 of 8192");
    expect(formatMessage("zh", "{n}", { n: 1234567 })).toBe("1,234,567");
  });

  it("picks a plural branch with Intl.PluralRules and writes # as the formatted number", () => {
    const text = "{n, plural, one {# token} other {# tokens}}";
    expect(formatMessage("en", text, { n: 1 })).toBe("1 token");
    expect(formatMessage("en", text, { n: 0 })).toBe("0 tokens");
    expect(formatMessage("en", text, { n: 8192 })).toBe("8,192 tokens");
    // Chinese has one plural form, so only `other` is needed.
    expect(formatMessage("zh", "{n, plural, other {# 个词元}}", { n: 1 })).toBe("1 个词元");
  });

  it("prefers an exact =n branch, and falls back to other when the category has no branch", () => {
    const text = "{n, plural, =0 {none} one {one} other {# more}}";
    expect(formatMessage("en", text, { n: 0 })).toBe("none");
    expect(formatMessage("en", text, { n: 1 })).toBe("one");
    expect(formatMessage("zh", "{n, plural, one {one} other {# 个}}", { n: 1 })).toBe("1 个");
  });

  it("fills plurals and plain placeholders in one message, and leaves unknown names as written", () => {
    expect(
      formatMessage("en", "{label}: {n, plural, one {# token} other {# tokens}} {x}", { label: "Query", n: 2 }),
    ).toBe("Query: 2 tokens {x}");
    expect(formatMessage("en", "{n, plural, one {# token} other {# tokens}}", { n: "2" })).toBe(
      "{n, plural, one {# token} other {# tokens}}",
    );
  });
});

describe("formatList", () => {
  it("joins items by the language's list rule", () => {
    expect(formatList("en", [".csv", ".tsv", ".json"])).toBe(".csv, .tsv, .json");
    expect(formatList("zh", [".csv", ".tsv", ".json"])).toBe(".csv、.tsv、.json");
    expect(formatList("en", [".csv"])).toBe(".csv");
  });
});

describe("the message tables", () => {
  it("have the same keys in English and Chinese", () => {
    expect(Object.keys(MESSAGES.zh).sort()).toEqual(Object.keys(MESSAGES.en).sort());
  });

  it("leave no plural unfilled in either language", () => {
    const vars = { label: "A", side: "a", after: 8192, before: 9530, afterA: 8192, beforeA: 9000 };
    for (const lang of ["en", "zh"] as const) {
      const one = translate(lang, "truncation.one", vars);
      expect(one).not.toMatch(/[{}#]/);
      expect(one).toContain("8,192");
      expect(one).toContain("9,530");
      expect(translate(lang, "truncation.both", { ...vars, afterB: 8192, beforeB: 12000 })).not.toMatch(/[{}#]/);
    }
  });
});

describe("counts in the interface text", () => {
  it("agree with their number in English: 1 text, 2 texts", () => {
    expect(translate("en", "lines.count", { n: 1 })).toBe("1 text");
    expect(translate("en", "lines.count", { n: 2 })).toBe("2 texts");
    expect(translate("en", "matrix.dedupe.summary", { groups: 1, texts: 2 })).toBe("1 group, 2 texts in them");
    expect(translate("en", "matrix.dedupe.summary", { groups: 3, texts: 1 })).toBe("3 groups, 1 text in them");
    expect(translate("en", "search.summary", { ok: 1, n: 1, t: "0.6", low: 0 })).toBe(
      "1 of 1 passage reaches 0.6; 0 flagged.",
    );
    expect(translate("en", "search.summary", { ok: 2, n: 4, t: "0.6", low: 2 })).toBe(
      "2 of 4 passages reach 0.6; 2 flagged.",
    );
    expect(translate("en", "tune.parsed", { n: 1, texts: 2, kind: "0/1", format: "CSV" })).toBe(
      "1 pair · 2 distinct texts · 0/1 labels · CSV",
    );
    expect(translate("en", "input.chars", { n: 1 })).toBe("1 character");
    expect(translate("en", "drop.more", { n: 1 })).toBe("… and 1 more problem");
    expect(translate("en", "drop.more", { n: 3 })).toBe("… and 3 more problems");
    expect(translate("zh", "drop.more", { n: 1200 })).toBe("……另有 1,200 处问题");
  });

  it("never put a bare number before a plural noun in English (a grid's rows × columns aside)", () => {
    const bare = /(?<!× )\{\w+\} (?:\w+ )?(?:texts|groups|pairs|tokens|points|passages|characters|dimensions)\b/;
    for (const [key, text] of Object.entries(MESSAGES.en)) expect(text, key).not.toMatch(bare);
  });

  it("keep each key in one page's table, so merging them hides none", () => {
    const tables = [API_DOCS, COMMON, COMPARE, COVERAGE, LOGIN, MATRIX, SEARCH, TOOLS, TUNE];
    const keys = tables.flatMap((table) => Object.keys(table.en));
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(MESSAGES.en)).toHaveLength(keys.length);
    for (const table of tables) expect(Object.keys(table.zh).sort()).toEqual(Object.keys(table.en).sort());
  });
});
