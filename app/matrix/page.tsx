import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { MatrixStudio } from "@/components/many/matrix-studio";
import { LANG_COOKIE, pickLang } from "@/lib/i18n";

export const metadata: Metadata = { title: "Similarity matrix · bge-m3 Studio" };

/** The matrix page. Server side only picks the language (remembered cookie, else the browser's preference). */
export default async function MatrixPage() {
  const [jar, hdrs] = await Promise.all([cookies(), headers()]);
  return <MatrixStudio initialLang={pickLang(jar.get(LANG_COOKIE)?.value, hdrs.get("accept-language"))} />;
}
