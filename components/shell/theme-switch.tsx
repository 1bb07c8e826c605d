"use client";

import { type ReactNode, useEffect, useState } from "react";
import { cn } from "@/lib/ui/cn";
import { DARK_QUERY, isThemeChoice, resolveTheme, THEME_KEY, THEMES, type ThemeChoice } from "@/lib/ui/theme";
import { useI18n } from "./i18n-provider";

function storedChoice(): ThemeChoice {
  try {
    const c = localStorage.getItem(THEME_KEY);
    return isThemeChoice(c) ? c : "system";
  } catch {
    return "system";
  }
}

/** Light | dark | system, as three icon buttons; remembered in localStorage and applied to <html data-theme>. */
export function ThemeSwitch({ className }: { className?: string }) {
  const { t } = useI18n();
  // The server cannot know the stored choice (null until read); the head script has already applied it.
  const [choice, setChoice] = useState<ThemeChoice | null>(null);
  useEffect(() => setChoice(storedChoice()), []);

  useEffect(() => {
    if (choice === null) return;
    const media = matchMedia(DARK_QUERY);
    const apply = () => {
      document.documentElement.dataset.theme = resolveTheme(choice, media.matches);
    };
    apply();
    media.addEventListener("change", apply);
    return () => media.removeEventListener("change", apply);
  }, [choice]);

  const pick = (next: ThemeChoice) => {
    setChoice(next);
    try {
      if (next === "system") localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, next);
    } catch {}
  };

  return (
    <fieldset
      className={cn("inline-flex rounded-full bg-white/80 p-0.5 ring-1 ring-slate-200 backdrop-blur", className)}
    >
      <legend className="sr-only">{t("theme.label")}</legend>
      {THEMES.map((k) => (
        <button
          key={k}
          type="button"
          data-testid={`theme-${k}`}
          aria-pressed={choice === k}
          aria-label={t(`theme.${k}`)}
          title={t(`theme.${k}`)}
          onClick={() => pick(k)}
          className={cn(
            "rounded-full p-1.5 transition-colors outline-none focus-visible:ring-2 focus-visible:ring-indigo-500",
            choice === k ? "bg-slate-900 text-white shadow-sm" : "text-slate-600 hover:text-slate-900",
          )}
        >
          {ICONS[k]}
        </button>
      ))}
    </fieldset>
  );
}

const icon = (path: ReactNode) => (
  <svg
    aria-hidden="true"
    viewBox="0 0 24 24"
    className="size-4"
    fill="none"
    stroke="currentColor"
    strokeWidth={2}
    strokeLinecap="round"
    strokeLinejoin="round"
  >
    {path}
  </svg>
);

const ICONS: Record<ThemeChoice, ReactNode> = {
  light: icon(
    <>
      <circle cx="12" cy="12" r="4" />
      <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
    </>,
  ),
  dark: icon(<path d="M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5z" />),
  system: icon(
    <>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8M12 16v4" />
    </>,
  ),
};
