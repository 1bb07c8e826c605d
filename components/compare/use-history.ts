"use client";

import { useCallback, useEffect, useState } from "react";
import { type HistoryEntry, readHistory, withEntry, writeHistory } from "@/lib/ui/history";

/** The browser's comparison history: read once on arrival, saved on every change. */
export function useHistory() {
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  useEffect(() => setEntries(readHistory(window.localStorage)), []);
  const record = useCallback((href: string) => {
    setEntries((list) => {
      if (list[0]?.href === href) return list;
      const next = withEntry(list, { href, at: Date.now() });
      writeHistory(window.localStorage, next);
      return next;
    });
  }, []);
  const clear = useCallback(() => {
    writeHistory(window.localStorage, []);
    setEntries([]);
  }, []);
  return { entries, record, clear };
}
