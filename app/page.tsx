import { CompareStudio } from "@/components/compare/compare-studio";

/** The compare page. */
export default function Home() {
  return <CompareStudio />;
}
