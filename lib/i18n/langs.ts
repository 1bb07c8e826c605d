/** The interface languages, and how each is named to the browser and to Intl. */

export const LANGS = ["en", "zh"] as const;
export type Lang = (typeof LANGS)[number];

/** The BCP 47 locale each interface language formats numbers in. */
export const LOCALES: Readonly<Record<Lang, string>> = Object.freeze({ en: "en-US", zh: "zh-CN" });

/** The `lang` attribute for text in each interface language (on `<html>` and on single elements). */
export const HTML_LANGS: Readonly<Record<Lang, string>> = Object.freeze({ en: "en", zh: "zh-CN" });

export function isLang(x: unknown): x is Lang {
  return typeof x === "string" && (LANGS as readonly string[]).includes(x);
}
