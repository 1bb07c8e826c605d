"use client";

import { useState } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { Button } from "@/components/ui/button";
import { type SharedComparison, shareHref } from "@/lib/ui/share-url";

/** A link that restores this comparison (texts, mode, weights, thresholds, sparse scale), and a button to copy it. */
export function ShareLink({ shared }: { shared: SharedComparison }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const href = shareHref(shared);
  const copy = async () => {
    await navigator.clipboard?.writeText(new URL(href, window.location.href).toString());
    setCopied(true);
  };
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <a data-testid="share-link" href={href} className="font-medium text-indigo-700 underline underline-offset-2">
        {t("share.link")}
      </a>
      <Button variant="secondary" size="sm" onClick={() => void copy().catch(() => setCopied(false))}>
        {t("share.copy")}
      </Button>
      <span role="status" className="text-xs text-slate-600">
        {copied ? t("share.copied") : ""}
      </span>
    </div>
  );
}
