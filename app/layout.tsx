import type { Metadata, Viewport } from "next";
import { cookies, headers } from "next/headers";
import type { ReactNode } from "react";
import { I18nProvider } from "@/components/shell/i18n-provider";
import { HTML_LANGS, LANG_COOKIE, pickLang } from "@/lib/i18n";
import { THEME_SCRIPT } from "@/lib/ui/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: "bge-m3 Studio",
  description: "Compare texts with bge-m3's dense, sparse and ColBERT scores, locally on CPU.",
  // The logo (three bars: dense, sparse, ColBERT) as an inline SVG, so there is no favicon request to miss.
  icons: {
    icon: `data:image/svg+xml,${encodeURIComponent(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#0f172a"/><rect x="7" y="14" width="4" height="11" rx="2" fill="#38bdf8"/><rect x="14" y="7" width="4" height="18" rx="2" fill="#fbbf24"/><rect x="21" y="11" width="4" height="14" rx="2" fill="#a78bfa"/></svg>',
    )}`,
  },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/** The nonce the front door put in the request's Content-Security-Policy, which lets an inline script run. */
const cspNonce = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];

/**
 * Every page's frame. The server picks the language (remembered cookie, else the browser's preference); a script in
 * <head> applies the theme before the first paint (data-theme differs from the server's render: hence the suppression).
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const [jar, hdrs] = await Promise.all([cookies(), headers()]);
  const lang = pickLang(jar.get(LANG_COOKIE)?.value, hdrs.get("accept-language"));
  return (
    <html lang={HTML_LANGS[lang]} suppressHydrationWarning>
      <head>
        <script
          nonce={cspNonce(hdrs.get("content-security-policy"))}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: a fixed script of our own, allowed by the CSP nonce
          dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }}
        />
      </head>
      <body className="min-h-screen font-sans">
        <I18nProvider initialLang={lang}>{children}</I18nProvider>
      </body>
    </html>
  );
}
