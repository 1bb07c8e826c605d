"use client";

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { LANG_COOKIE, LANGS, type Lang, type MessageKey, translate } from "@/lib/i18n";
import { cn } from "@/lib/ui/cn";

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
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

  useEffect(() => {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
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

const LANG_NAMES: Record<Lang, string> = { en: "EN", zh: "中文" };

/** EN | 中文 segmented switch. */
export function LangSwitch({ className }: { className?: string }) {
  const { lang, setLang, t } = useI18n();
  return (
    <fieldset
      className={cn(
        "inline-flex rounded-full bg-white/80 p-0.5 text-sm ring-1 ring-slate-200 backdrop-blur",
        className,
      )}
    >
      <legend className="sr-only">{t("lang.label")}</legend>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          data-testid={`lang-${l}`}
          aria-pressed={lang === l}
          lang={l === "zh" ? "zh-CN" : "en"}
          onClick={() => setLang(l)}
          className={cn(
            "rounded-full px-3 py-1 font-medium transition-colors outline-none focus-visible:ring-2 focus-visible:ring-indigo-500",
            lang === l ? "bg-slate-900 text-white shadow-sm" : "text-slate-600 hover:text-slate-900",
          )}
        >
          {LANG_NAMES[l]}
        </button>
      ))}
    </fieldset>
  );
}
