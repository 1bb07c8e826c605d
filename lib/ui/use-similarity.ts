"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { SimilarityError, type SimilarityResult } from "./similarity-client";
import { runSimilarity } from "./similarity-runner";

export interface ComparedPair {
  a: string;
  b: string;
}

/** One comparison's life: nothing yet, running (keeping the last result on screen), done, or failed. */
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
  | { status: "error"; pair: ComparedPair; error: SimilarityError };

/**
 * Runs comparisons against `/api/similarity` (in a worker, see `similarity-runner.ts`). A new run aborts the one in flight, so a slow answer to an
 * old pair can never overwrite a newer one.
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
    setState((s) => ({
      status: "loading",
      pair,
      startedAt: performance.now(),
      previous: s.status === "success" ? s.result : s.status === "loading" ? s.previous : null,
      previousPair: s.status === "success" ? s.pair : s.status === "loading" ? s.previousPair : null,
    }));
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

  return { state, run };
}
