"use client";

import type { ReactNode } from "react";
import type { ModelInfo } from "@/lib/api/schemas";
import { useI18n } from "./i18n-provider";
import { LangSwitch } from "./lang-switch";
import { SiteNav } from "./site-nav";
import { TestModelBanner } from "./test-model-banner";
import { ThemeSwitch } from "./theme-switch";

export interface PageShellProps {
  /** The page's own title; without one, the heading is the studio's name (the home page). */
  title?: string;
  tagline: string;
  /** The model of the result on screen: a banner says when its scores may be noise. */
  model?: ModelInfo;
  footer?: ReactNode;
  children: ReactNode;
}

/** Every page's frame: a skip link, logo, title, tagline, navigation, theme and language switches, the test-model banner and the main column. */
export function PageShell({ title, tagline, model, footer, children }: PageShellProps) {
  const { t } = useI18n();
  return (
    <div className="min-h-screen dark:bg-none bg-[radial-gradient(1100px_520px_at_0%_-8%,rgb(224_231_255/0.9),transparent),radial-gradient(900px_480px_at_100%_-5%,rgb(237_233_254/0.8),transparent)]">
      <a
        href="#main"
        data-testid="skip-link"
        className="sr-only z-50 rounded-lg bg-white px-3 py-2 text-sm font-medium text-indigo-800 shadow ring-2 ring-indigo-500 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        {t("shell.skip")}
      </a>
      <header className="mx-auto flex max-w-6xl flex-col gap-4 px-4 pt-6 pb-5 sm:px-6 sm:pt-10">
        <div className="flex items-start justify-between gap-4">
          <div className="flex min-w-0 items-center gap-3">
            <Logo />
            <div className="min-w-0">
              {title && <p className="text-xs font-medium tracking-wide text-indigo-700">{t("app.title")}</p>}
              <h1 className="text-xl font-semibold tracking-tight text-slate-900 sm:text-2xl">
                {title ?? t("app.title")}
              </h1>
            </div>
          </div>
          <div className="flex shrink-0 flex-wrap justify-end gap-2">
            <ThemeSwitch />
            <LangSwitch />
          </div>
        </div>
        <p className="max-w-3xl text-sm text-slate-600">{tagline}</p>
        <SiteNav />
      </header>
      <main id="main" tabIndex={-1} className="mx-auto flex max-w-6xl flex-col gap-6 px-4 pb-16 outline-none sm:px-6">
        <TestModelBanner model={model} />
        {children}
      </main>
      {footer && <footer className="mx-auto max-w-6xl px-4 pb-10 text-xs text-slate-500 sm:px-6">{footer}</footer>}
    </div>
  );
}

/** Three bars: dense, sparse, ColBERT. */
function Logo() {
  return (
    <span
      aria-hidden="true"
      className="flex size-10 shrink-0 items-end justify-center gap-1 rounded-xl bg-slate-900 p-2 shadow-lg shadow-indigo-900/20"
    >
      <span className="h-3 w-1.5 rounded-full bg-sky-400" />
      <span className="h-5 w-1.5 rounded-full bg-amber-400" />
      <span className="h-4 w-1.5 rounded-full bg-violet-400" />
    </span>
  );
}
