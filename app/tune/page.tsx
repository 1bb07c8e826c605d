import type { Metadata } from "next";
import { TuneStudio } from "@/components/tune/tune-studio";

export const metadata: Metadata = { title: "Weight tuning · bge-m3 Studio" };

export default function TunePage() {
  return <TuneStudio />;
}
