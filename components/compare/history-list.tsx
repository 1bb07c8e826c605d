"use client";

import { useMemo } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { MODES } from "@/components/shell/modes";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { HISTORY_MAX, type HistoryEntry } from "@/lib/ui/history";
import { type SharedComparison, sharedFromQuery } from "@/lib/ui/share-url";

/** The start of a text, on one line. */
const clip = (text: string, max = 60) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** Recent comparisons as buttons that restore them, newest first, and a button that forgets them all. */
export function HistoryList({
  entries,
  onRestore,
  onClear,
}: {
  entries: readonly HistoryEntry[];
  onRestore: (shared: Partial<SharedComparison<(typeof MODES)[number]>>) => void;
  onClear: () => void;
}) {
  const { t } = useI18n();
  const shown = useMemo(
    () => entries.map((e) => ({ href: e.href, shared: sharedFromQuery(e.href.slice(1), MODES) })),
    [entries],
  );
  return (
    <Card data-testid="history">
      <CardHeader>
        <CardTitle>{t("history.heading")}</CardTitle>
        <CardDescription>{t("history.intro", { n: HISTORY_MAX })}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {entries.length === 0 ? (
          <p className="text-sm text-slate-600">{t("history.empty")}</p>
        ) : (
          <ol className="flex flex-col gap-1.5">
            {shown.map((e) => {
              const { shared } = e;
              const a = clip(shared.a ?? "");
              const b = clip(shared.b ?? "");
              return (
                <li key={e.href}>
                  <button
                    type="button"
                    data-testid="history-entry"
                    aria-label={`${t("history.restore", { a, b })} ${shared.mode ? t(`mode.${shared.mode}`) : ""}`.trim()}
                    onClick={() => onRestore(shared)}
                    className="flex w-full min-w-0 items-baseline gap-2 rounded-lg px-3 py-2 text-left text-sm ring-1 ring-slate-200 outline-none hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-indigo-500"
                  >
                    <span className="min-w-0 flex-1 truncate text-slate-900">
                      {a} <span className="text-slate-500">↔</span> {b}
                    </span>
                    <span className="shrink-0 text-xs text-slate-600">
                      {shared.mode ? t(`mode.${shared.mode}`) : ""}
                    </span>
                  </button>
                </li>
              );
            })}
          </ol>
        )}
        {entries.length > 0 && (
          <Button variant="secondary" size="sm" className="self-start" data-testid="history-clear" onClick={onClear}>
            {t("history.clear")}
          </Button>
        )}
      </CardContent>
    </Card>
  );
}
