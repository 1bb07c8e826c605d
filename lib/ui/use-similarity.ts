"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { SimilarityError, type SimilarityResult } from "./similarity-client";
import { runSimilarity } from "./similarity-runner";

export interface ComparedPair {
  a: string;
  b: string;
}

export const samePair = (x: ComparedPair | null, y: ComparedPair): boolean => x !== null && x.a === y.a && x.b === y.b;

/**
 * One comparison's life: nothing yet, running (keeping the last result on screen), done, failed, or cancelled by the
 * user (the last result back on screen).
 */
export type SimilarityState =
  | { status: "idle" }
  | {
      status: "loading";
      pair: ComparedPair;
      startedAt: number;
      previous: SimilarityResult | null;
      previousPair: ComparedPair | null;
    }
  | { status: "success"; pair: ComparedPair; result: SimilarityResult }
  | { status: "error"; pair: ComparedPair; error: SimilarityError }
  | {
      status: "cancelled";
      pair: ComparedPair;
      elapsedMs: number;
      previous: SimilarityResult | null;
      previousPair: ComparedPair | null;
    };

/** The result the page shows in `state` and the pair it belongs to: the latest, or the one kept during a run. */
export function resultOnScreen(state: SimilarityState): { result: SimilarityResult; pair: ComparedPair } | null {
  if (state.status === "success") return { result: state.result, pair: state.pair };
  if ((state.status === "loading" || state.status === "cancelled") && state.previous && state.previousPair)
    return { result: state.previous, pair: state.previousPair };
  return null;
}

/**
 * Runs comparisons against `/api/similarity` (in a worker, see `similarity-runner.ts`). A new run aborts the one in
 * flight, so a slow answer to an old pair can never overwrite a newer one; `cancel` aborts it and puts the last result
 * back.
 */
export function useSimilarity(firstPair?: ComparedPair) {
  // With a first pair, the page starts (and server-renders) as loading: the caller runs it on mount, so the
  // visitor never sees an empty state flash. `startedAt` is NaN until the real run starts.
  const [state, setState] = useState<SimilarityState>(() =>
    firstPair
      ? { status: "loading", pair: firstPair, startedAt: Number.NaN, previous: null, previousPair: null }
      : { status: "idle" },
  );
  const inflight = useRef<AbortController | null>(null);

  useEffect(() => () => inflight.current?.abort(), []);

  const run = useCallback((pair: ComparedPair) => {
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    setState((s) => {
      const shown = resultOnScreen(s);
      return {
        status: "loading",
        pair,
        startedAt: performance.now(),
        previous: shown?.result ?? null,
        previousPair: shown?.pair ?? null,
      };
    });
    runSimilarity({ a: pair.a, b: pair.b }, controller.signal).then(
      (result) => {
        if (inflight.current === controller) setState({ status: "success", pair, result });
      },
      (e: unknown) => {
        if ((e as Error).name === "AbortError" || inflight.current !== controller) return;
        const error =
          e instanceof SimilarityError ? e : new SimilarityError(String((e as Error)?.message ?? e), null, "network");
        setState({ status: "error", pair, error });
      },
    );
  }, []);

  const cancel = useCallback(() => {
    inflight.current?.abort();
    inflight.current = null;
    setState((s) =>
      s.status === "loading"
        ? {
            status: "cancelled",
            pair: s.pair,
            elapsedMs: performance.now() - s.startedAt,
            previous: s.previous,
            previousPair: s.previousPair,
          }
        : s,
    );
  }, []);

  return { state, run, cancel };
}
