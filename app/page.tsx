import { CompareStudio } from "@/components/compare/compare-studio";
import { keysRequired } from "@/lib/security/credentials";

/** The compare page. */
export default function Home() {
  return <CompareStudio apiKey={keysRequired()} />;
}
