"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { Progress } from "./http";
import { isAbort, type RequestError, toRequestError } from "./request-error";

/** A request body and the answer it got. */
export interface Answer<B, T> {
  body: B;
  data: T;
}

/**
 * One request's life: nothing yet, running (with its progress, if any, keeping the last answer on screen), done,
 * failed, or cancelled by the user (the last answer back on screen). `startedAt` is a performance.now() time, NaN for
 * a first run that has not started yet.
 */
export type RequestState<B, T> =
  | { status: "idle" }
  | { status: "loading"; body: B; startedAt: number; progress: Progress | null; previous: Answer<B, T> | null }
  | { status: "success"; body: B; data: T }
  | { status: "error"; body: B; error: RequestError; previous: Answer<B, T> | null }
  | { status: "cancelled"; body: B; elapsedMs: number; previous: Answer<B, T> | null };

/** Sends one request and reports its progress, if it has any (e.g. `postNdjson` or `postJson` bound to a route). */
export type Send<B, T> = (body: B, onProgress: (p: Progress) => void, signal: AbortSignal) => Promise<T>;

/** The answer a page shows in `state`: the latest, or the one kept while a new run loads or after it was cancelled. */
export function answerOnScreen<B, T>(state: RequestState<B, T>): Answer<B, T> | null {
  if (state.status === "success") return { body: state.body, data: state.data };
  if (state.status === "loading" || state.status === "cancelled" || state.status === "error") return state.previous;
  return null;
}

const loading = <B, T>(body: B, startedAt: number, previous: Answer<B, T> | null): RequestState<B, T> => ({
  status: "loading",
  body,
  startedAt,
  progress: null,
  previous,
});

/**
 * Runs requests through `send` (keep it stable, e.g. module-level). A new run aborts the one in flight, so a slow
 * answer to an old body never overwrites a newer one; `cancel` aborts it and puts the last answer back. With `first`,
 * the page starts (and server-renders) as loading and that body is sent on mount, so a visitor lands on a result.
 */
export function useRequest<B, T>(send: Send<B, T>, first?: B) {
  const [state, setState] = useState<RequestState<B, T>>(() =>
    first === undefined ? { status: "idle" } : loading(first, Number.NaN, null),
  );
  const inflight = useRef<AbortController | null>(null);

  const run = useCallback(
    (body: B) => {
      inflight.current?.abort();
      const controller = new AbortController();
      inflight.current = controller;
      const current = () => inflight.current === controller;
      setState((s) => loading(body, performance.now(), answerOnScreen(s)));
      const onProgress = (progress: Progress) => {
        if (current()) setState((s) => (s.status === "loading" && s.body === body ? { ...s, progress } : s));
      };
      send(body, onProgress, controller.signal).then(
        (data) => {
          if (current()) setState({ status: "success", body, data });
        },
        (e: unknown) => {
          if (current() && !isAbort(e))
            setState((s) => ({ status: "error", body, error: toRequestError(e), previous: answerOnScreen(s) }));
        },
      );
    },
    [send],
  );

  const cancel = useCallback(() => {
    inflight.current?.abort();
    inflight.current = null;
    setState((s) =>
      s.status === "loading"
        ? { status: "cancelled", body: s.body, elapsedMs: performance.now() - s.startedAt, previous: s.previous }
        : s,
    );
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the first body is sent once, on mount
  useEffect(() => {
    if (first !== undefined) run(first);
    return () => inflight.current?.abort();
  }, []);

  return { state, run, cancel };
}
