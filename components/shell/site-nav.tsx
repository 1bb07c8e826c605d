"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { MessageKey } from "@/lib/i18n";
import { cn } from "@/lib/ui/cn";
import { useI18n } from "./i18n-provider";

const PAGES: readonly { href: string; key: MessageKey }[] = [
  { href: "/", key: "nav.compare" },
  { href: "/matrix", key: "nav.matrix" },
  { href: "/search", key: "nav.search" },
  { href: "/tune", key: "nav.tune" },
  { href: "/coverage", key: "nav.coverage" },
];

/** The studio's pages as a row of links; the current one is marked with aria-current. Needs `I18nProvider`. */
export function SiteNav({ className }: { className?: string }) {
  const { t } = useI18n();
  const path = usePathname();
  return (
    <nav aria-label={t("nav.label")} data-testid="site-nav" className={cn("flex flex-wrap gap-1 text-sm", className)}>
      {PAGES.map((p) => {
        const here = p.href === "/" ? path === "/" : path?.startsWith(p.href);
        return (
          <Link
            key={p.href}
            href={p.href}
            aria-current={here ? "page" : undefined}
            data-testid={`nav-${p.href === "/" ? "compare" : p.href.slice(1)}`}
            className={cn(
              "rounded-full px-3 py-1 font-medium ring-1 transition-colors outline-none focus-visible:ring-2 focus-visible:ring-indigo-500",
              here
                ? "bg-indigo-600 text-white ring-indigo-600"
                : "bg-white/70 text-slate-600 ring-slate-200 hover:bg-white hover:text-slate-900",
            )}
          >
            {t(p.key)}
          </Link>
        );
      })}
      <Link
        href="/docs/api"
        aria-current={path === "/docs/api" ? "page" : undefined}
        data-testid="nav-api-docs"
        className="rounded-full px-3 py-1 font-medium text-indigo-700 underline-offset-2 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-indigo-500 sm:ml-auto"
      >
        {t("nav.apiDocs")}
      </Link>
    </nav>
  );
}
