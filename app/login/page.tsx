import type { Metadata } from "next";
import { LoginForm } from "@/components/login/login-form";
import { localPath } from "@/lib/security/login";

export const metadata: Metadata = { title: "Sign in · bge-m3 Studio" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, unknown>> }) {
  const { next, failed } = await searchParams;
  return <LoginForm next={localPath(typeof next === "string" ? next : null)} failed={failed === "1"} />;
}
