"use client";

import { useI18n } from "@/components/shell/i18n-provider";
import { LangSwitch } from "@/components/shell/lang-switch";
import { ThemeSwitch } from "@/components/shell/theme-switch";
import { Button } from "@/components/ui/button";

const FIELD =
  "mt-1 block h-10 w-full rounded-xl bg-white px-3 text-sm ring-1 ring-slate-200 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500";

/** The login form: a plain POST to /login, so it works before any script runs. */
export function LoginForm({ next, failed }: { next: string; failed: boolean }) {
  const { t } = useI18n();
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6">
      <div className="flex flex-wrap justify-end gap-2 self-end">
        <ThemeSwitch />
        <LangSwitch />
      </div>
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">{t("login.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("login.tagline")}</p>
      </div>
      <form method="post" action="/login" className="flex flex-col gap-4" data-testid="login-form">
        <input type="hidden" name="next" value={next} />
        <label className="text-sm font-medium text-slate-700">
          {t("login.user")}
          <input name="user" autoComplete="username" required className={FIELD} />
        </label>
        <label className="text-sm font-medium text-slate-700">
          {t("login.password")}
          <input name="password" type="password" autoComplete="current-password" required className={FIELD} />
        </label>
        {failed ? (
          <p role="alert" className="text-sm text-rose-700">
            {t("login.failed")}
          </p>
        ) : null}
        <Button type="submit">{t("login.submit")}</Button>
      </form>
    </main>
  );
}
