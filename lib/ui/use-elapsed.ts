"use client";
/** Milliseconds since `startedAt` (a performance.now() time), ticking every `everyMs`; NaN while `startedAt` is NaN. */
import { useEffect, useState } from "react";

export function useElapsedMs(startedAt: number, everyMs: number): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const id = setInterval(() => setNow(performance.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now - startedAt;
}
