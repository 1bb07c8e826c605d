import type { Metadata } from "next";
import { SearchStudio } from "@/components/search/search-studio";
import { keysRequired } from "@/lib/security/credentials";

export const metadata: Metadata = { title: "Retrieval check · bge-m3 Studio" };

export default function SearchPage() {
  return <SearchStudio apiKey={keysRequired()} />;
}
