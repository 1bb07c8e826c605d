"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { SimilarityResponse } from "@/lib/api/similarity-contract";
import { requestSimilarity, SimilarityError } from "./similarity-client";

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
      previous: SimilarityResponse | null;
      previousPair: ComparedPair | null;
    }
  | { status: "success"; pair: ComparedPair; data: SimilarityResponse }
  | { status: "error"; pair: ComparedPair; error: SimilarityError };

/**
 * Runs comparisons against `/api/similarity`. A new run aborts the one in flight, so a slow answer to an
 * old pair can never overwrite a newer one.
 */
export function useSimilarity() {
  const [state, setState] = useState<SimilarityState>({ status: "idle" });
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
      previous: s.status === "success" ? s.data : s.status === "loading" ? s.previous : null,
      previousPair: s.status === "success" ? s.pair : s.status === "loading" ? s.previousPair : null,
    }));
    requestSimilarity({ a: pair.a, b: pair.b }, controller.signal).then(
      (data) => {
        if (inflight.current === controller) setState({ status: "success", pair, data });
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
