"use client";

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { HTML_LANGS, LANG_COOKIE, type Lang, type MessageKey, type MessageVars, translate } from "@/lib/i18n";

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: MessageVars) => string;
}

const I18nContext = createContext<I18n | null>(null);

/** Holds the interface language; switching it re-renders the page text at once, without a request. */
export function I18nProvider({ initialLang, children }: { initialLang: Lang; children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    // biome-ignore lint/suspicious/noDocumentCookie: a one-line preference cookie; the Cookie Store API is not everywhere yet
    document.cookie = `${LANG_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
  }, []);

  // The server renders <html lang> for the first language; a switch in the page updates it here.
  useEffect(() => {
    document.documentElement.lang = HTML_LANGS[lang];
  }, [lang]);

  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language and its `t`. Throws outside `I18nProvider`, so a missing provider fails loudly. */
export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n must be used inside <I18nProvider>");
  return ctx;
}
