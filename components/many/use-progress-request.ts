"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { SimilarityError } from "@/lib/ui/similarity-client";
import type { Progress } from "./stream-client";

/** One long request's life: nothing yet, running (with progress, keeping the last result), done, or failed. */
export type ProgressState<T, B> =
  | { status: "idle" }
  | {
      status: "loading";
      body: B;
      startedAt: number;
      progress: Progress | null;
      previous: T | null;
      previousBody: B | null;
    }
  | { status: "success"; body: B; data: T }
  | { status: "error"; body: B; error: SimilarityError };

/** Sends one request and reports its progress (if any); e.g. `postWithProgress` or `postJson` bound to a URL. */
export type Send<T, B> = (body: B, onProgress: (p: Progress) => void, signal: AbortSignal) => Promise<T>;

/** Runs requests through `send` (keep it stable, e.g. module-level); a new run aborts the one in flight. */
export function useProgressRequest<T, B>(send: Send<T, B>) {
  const [state, setState] = useState<ProgressState<T, B>>({ status: "idle" });
  const inflight = useRef<AbortController | null>(null);
  useEffect(() => () => inflight.current?.abort(), []);

  const run = useCallback(
    (body: B) => {
      inflight.current?.abort();
      const controller = new AbortController();
      inflight.current = controller;
      setState((s) => ({
        status: "loading",
        body,
        startedAt: performance.now(),
        progress: null,
        previous: s.status === "success" ? s.data : s.status === "loading" ? s.previous : null,
        previousBody: s.status === "success" ? s.body : s.status === "loading" ? s.previousBody : null,
      }));
      const onProgress = (progress: Progress) => {
        if (inflight.current === controller)
          setState((s) => (s.status === "loading" && s.body === body ? { ...s, progress } : s));
      };
      send(body, onProgress, controller.signal).then(
        (data) => {
          if (inflight.current === controller) setState({ status: "success", body, data });
        },
        (e: unknown) => {
          if ((e as Error).name === "AbortError" || inflight.current !== controller) return;
          const error =
            e instanceof SimilarityError ? e : new SimilarityError(String((e as Error)?.message ?? e), null, "network");
          setState({ status: "error", body, error });
        },
      );
    },
    [send],
  );

  return { state, run };
}
