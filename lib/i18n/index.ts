/**
 * Every piece of interface text, in English and Chinese, and the one `translate` that fills it. The tables are split
 * by page (`messages/`); a key names its page (`matrix.…`) or is shared (`common.ts`). Example texts are content, not
 * interface text, and live beside the pages that offer them.
 */
import { formatMessage, type MessageVars } from "./format";
import { isLang, type Lang } from "./langs";
import { API_DOCS } from "./messages/api-docs";
import { COMMON } from "./messages/common";
import { COMPARE } from "./messages/compare";
import { COVERAGE } from "./messages/coverage";
import { LOGIN } from "./messages/login";
import { MATRIX } from "./messages/matrix";
import { SEARCH } from "./messages/search";
import { TOOLS } from "./messages/tools";
import { TUNE } from "./messages/tune";

export { formatList, formatMessage, formatNumber, type MessageVars } from "./format";
export { HTML_LANGS, isLang, LANGS, type Lang, LOCALES } from "./langs";

const en = {
  ...API_DOCS.en,
  ...COMMON.en,
  ...COMPARE.en,
  ...COVERAGE.en,
  ...LOGIN.en,
  ...MATRIX.en,
  ...SEARCH.en,
  ...TOOLS.en,
  ...TUNE.en,
};

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

const zh: Messages = {
  ...API_DOCS.zh,
  ...COMMON.zh,
  ...COMPARE.zh,
  ...COVERAGE.zh,
  ...LOGIN.zh,
  ...MATRIX.zh,
  ...SEARCH.zh,
  ...TOOLS.zh,
  ...TUNE.zh,
};

export const MESSAGES: Readonly<Record<Lang, Messages>> = Object.freeze({ en, zh });

/** Cookie that remembers the interface language between visits. */
export const LANG_COOKIE = "bge-m3-lang";

/** The message for `key` in `lang`, filled from `vars` by `formatMessage`. */
export function translate(lang: Lang, key: MessageKey, vars?: MessageVars): string {
  return formatMessage(lang, MESSAGES[lang][key], vars);
}

/** The interface language for a visit: the remembered choice, else Chinese when the browser prefers it, else English. */
export function pickLang(cookie: string | undefined, acceptLanguage: string | null | undefined): Lang {
  if (isLang(cookie)) return cookie;
  const first = (acceptLanguage ?? "").split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("zh") ? "zh" : "en";
}
