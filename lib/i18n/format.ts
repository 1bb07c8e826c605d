/**
 * Fills a message: placeholders are written `{name}`; a number is written in the language's digits and grouping
 * (Intl.NumberFormat). A count that changes the words is written `{n, plural, one {# token} other {# tokens}}`
 * (a subset of ICU MessageFormat): Intl.PluralRules picks the branch and `#` is the formatted number. A list is
 * joined by the language's rule (Intl.ListFormat).
 */
import { type Lang, LOCALES } from "./langs";

export type MessageVars = Record<string, string | number>;

const NUMBER_FORMATS: Readonly<Record<Lang, Intl.NumberFormat>> = Object.freeze({
  en: new Intl.NumberFormat(LOCALES.en),
  zh: new Intl.NumberFormat(LOCALES.zh),
});
const PLURAL_RULES: Readonly<Record<Lang, Intl.PluralRules>> = Object.freeze({
  en: new Intl.PluralRules(LOCALES.en),
  zh: new Intl.PluralRules(LOCALES.zh),
});

// Narrow conjunction: the items alone, joined by the language's separator (", " in English, "、" in Chinese).
const LIST_FORMATS: Readonly<Record<Lang, Intl.ListFormat>> = Object.freeze({
  en: new Intl.ListFormat(LOCALES.en, { type: "conjunction", style: "narrow" }),
  zh: new Intl.ListFormat(LOCALES.zh, { type: "conjunction", style: "narrow" }),
});

/** `items` as one list in `lang`: [".csv", ".tsv"] → ".csv, .tsv" in English, ".csv、.tsv" in Chinese. */
export function formatList(lang: Lang, items: readonly string[]): string {
  return LIST_FORMATS[lang].format(items);
}

/** `n` in `lang`'s digits and grouping: 8192 → "8,192". */
export function formatNumber(lang: Lang, n: number): string {
  return NUMBER_FORMATS[lang].format(n);
}

const PLURAL = /\{(\w+), plural,((?:\s*[\w=]+\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /([\w=]+)\s*\{([^{}]*)\}/g;

/** The branch of a `{n, plural, …}` for `n`: an exact `=n` first, then its plural category, then `other`. */
function pluralBranch(lang: Lang, branches: string, n: number): string | undefined {
  const byName = new Map([...branches.matchAll(BRANCH)].map((m) => [m[1]!, m[2]!]));
  return byName.get(`=${n}`) ?? byName.get(PLURAL_RULES[lang].select(n)) ?? byName.get("other");
}

/** Fills `text`'s plurals and placeholders from `vars`; unknown names stay as written. */
export function formatMessage(lang: Lang, text: string, vars?: MessageVars): string {
  if (!vars) return text;
  const plurals = text.replace(PLURAL, (whole, name: string, branches: string) => {
    const n = vars[name];
    const branch = typeof n === "number" ? pluralBranch(lang, branches, n) : undefined;
    return branch === undefined ? whole : branch.replaceAll("#", formatNumber(lang, n as number));
  });
  return plurals.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : typeof v === "number" ? formatNumber(lang, v) : v;
  });
}
