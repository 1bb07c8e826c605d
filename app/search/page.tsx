import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { SearchStudio } from "@/components/many/search-studio";
import { LANG_COOKIE, pickLang } from "@/lib/i18n";

export const metadata: Metadata = { title: "Retrieval check · bge-m3 Studio" };

/** The retrieval check. Server side only picks the language (remembered cookie, else the browser's preference). */
export default async function SearchPage() {
  const [jar, hdrs] = await Promise.all([cookies(), headers()]);
  return <SearchStudio initialLang={pickLang(jar.get(LANG_COOKIE)?.value, hdrs.get("accept-language"))} />;
}
