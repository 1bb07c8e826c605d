"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { API_KEY_VARIABLE, apiSnippet, SNIPPET_LANGS, type SnippetLang } from "@/lib/ui/api-snippet";
import { cn } from "@/lib/ui/cn";
import { useI18n } from "./i18n-provider";

export interface CopyAsCodeProps {
  /** The API route the page posts to. */
  path: string;
  /** The request body, exactly as the snippet sends it. */
  body: unknown;
  /** Whether the server wants an API key (`BGE_M3_API_KEYS`), so the snippet sends one. */
  apiKey: boolean;
}

/**
 * A closed panel with the current request as curl, Python or JavaScript, and a button that copies it. The snippet is
 * built and put in the page only while the panel is open: for a long pair it holds both texts, and that much text
 * in the page (and in the copy button's description) would slow each result's display by seconds.
 */
export function CopyAsCode(props: CopyAsCodeProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <details
      data-testid="copy-as-code"
      className="group rounded-xl bg-white/70 ring-1 ring-slate-200"
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="cursor-pointer rounded-xl px-4 py-2.5 text-sm font-medium text-slate-700 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
        {t("code.heading")}
      </summary>
      {open && <Snippets {...props} />}
    </details>
  );
}

function Snippets({ path, body, apiKey }: CopyAsCodeProps) {
  const { t } = useI18n();
  const [lang, setLang] = useState<SnippetLang>("curl");
  const [copied, setCopied] = useState(false);
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const code = apiSnippet(lang, { origin, path, body, apiKey });
  const copy = async () => {
    await navigator.clipboard?.writeText(code);
    setCopied(true);
  };
  return (
    <div className="flex flex-col gap-3 px-4 pb-4">
      <p className="text-xs text-slate-600">{t("code.intro")}</p>
      <div className="flex flex-wrap items-center gap-2">
        <fieldset className="flex gap-1">
          <legend className="sr-only">{t("code.lang")}</legend>
          {SNIPPET_LANGS.map((l) => (
            <button
              key={l}
              type="button"
              data-testid={`code-lang-${l}`}
              aria-pressed={lang === l}
              onClick={() => {
                setLang(l);
                setCopied(false);
              }}
              className={cn(
                "rounded-full px-3 py-1 text-xs font-medium ring-1 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500",
                lang === l ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-700 ring-slate-200",
              )}
            >
              {t(`code.lang.${l}`)}
            </button>
          ))}
        </fieldset>
        <Button
          variant="secondary"
          size="sm"
          data-testid="code-copy"
          onClick={() => void copy().catch(() => setCopied(false))}
        >
          {t("code.copy")}
        </Button>
        <span role="status" className="text-xs text-slate-600">
          {copied ? t("code.copied") : ""}
        </span>
      </div>
      {apiKey && <p className="text-xs text-amber-800">{t("code.key", { name: API_KEY_VARIABLE })}</p>}
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable, so a keyboard can scroll a long snippet
        tabIndex={0}
        data-testid="code-snippet"
        data-lang={lang}
        className="max-h-80 overflow-auto rounded-lg bg-slate-900 p-3 text-xs leading-relaxed text-slate-100"
      >
        <code>{code}</code>
      </pre>
    </div>
  );
}
