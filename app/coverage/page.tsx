import type { Metadata } from "next";
import { CoverageStudio } from "@/components/coverage/coverage-studio";

export const metadata: Metadata = { title: "Summary coverage · bge-m3 Studio" };

export default function CoveragePage() {
  return <CoverageStudio />;
}
