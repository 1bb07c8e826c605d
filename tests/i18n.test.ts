import { describe, expect, it } from "vitest";
import { formatMessage, MESSAGES, translate } from "@/lib/i18n";

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
