import type { Metadata } from "next";
import { MatrixStudio } from "@/components/matrix/matrix-studio";
import { keysRequired } from "@/lib/security/credentials";

export const metadata: Metadata = { title: "Similarity matrix · bge-m3 Studio" };

export default function MatrixPage() {
  return <MatrixStudio apiKey={keysRequired()} />;
}
