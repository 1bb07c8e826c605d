import { cookies, headers } from "next/headers";
import { CompareStudio } from "@/components/compare/compare-studio";
import { LANG_COOKIE, pickLang } from "@/lib/i18n";

/** The compare page. Server side only picks the language (remembered cookie, else the browser's preference). */
export default async function Home() {
  const [jar, hdrs] = await Promise.all([cookies(), headers()]);
  return <CompareStudio initialLang={pickLang(jar.get(LANG_COOKIE)?.value, hdrs.get("accept-language"))} />;
}
