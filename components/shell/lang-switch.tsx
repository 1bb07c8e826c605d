"use client";

import { HTML_LANGS, LANGS, type Lang } from "@/lib/i18n";
import { cn } from "@/lib/ui/cn";
import { useI18n } from "./i18n-provider";

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
          lang={HTML_LANGS[l]}
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
