import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { TuneStudio } from "@/components/many/tune-studio";
import { LANG_COOKIE, pickLang } from "@/lib/i18n";

export const metadata: Metadata = { title: "Weight tuning · bge-m3 Studio" };

/** The tuning page. Server side only picks the language (remembered cookie, else the browser's preference). */
export default async function TunePage() {
  const [jar, hdrs] = await Promise.all([cookies(), headers()]);
  return <TuneStudio initialLang={pickLang(jar.get(LANG_COOKIE)?.value, hdrs.get("accept-language"))} />;
}
