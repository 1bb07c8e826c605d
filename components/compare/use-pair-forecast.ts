"use client";
/**
 * What the page knows about a pair before it runs: each text's token count (from `POST /api/tokenize`, while the
 * user types) and this machine's measured speed (from `GET /api/info`), which together say roughly how long it takes.
 */
import { useEffect, useState } from "react";
import type { SpeedFit } from "@/lib/api/info-contract";
import type { TokenCount } from "@/lib/api/schemas";
import { predictTextsMs } from "@/lib/api/speed";
import { isSpeedFit, isTokenizeResponse } from "@/lib/ui/request/guards";
import { getJson, postJson } from "@/lib/ui/request/http";
import { isAbort } from "@/lib/ui/request/request-error";
import { type ComparedPair, samePair } from "./compared-pair";

/** How long typing must pause before the texts are counted. */
export const COUNT_DEBOUNCE_MS = 400;
/** Pairs expected to take longer than this get a time estimate; shorter ones are not worth a number. */
export const LONG_PAIR_MS = 2000;

/** Token counts of one pair; a side is null when its text is empty (nothing to count). */
export interface PairCounts {
  pair: ComparedPair;
  a: TokenCount | null;
  b: TokenCount | null;
}

/** The latest counts (for `counts.pair`, which lags the texts while a count is pending), or why counting failed. */
export type CountsState =
  | { status: "none" }
  | { status: "counted"; counts: PairCounts }
  | { status: "failed"; pair: ComparedPair; message: string };

const SIDES = ["a", "b"] as const;

/** Counts both texts' tokens after each pause in typing; a newer pair aborts the request for an older one. */
export function useTokenCounts({ a, b }: ComparedPair): CountsState {
  const [state, setState] = useState<CountsState>({ status: "none" });
  useEffect(() => {
    const pair = { a, b };
    const sides = SIDES.filter((side) => pair[side].trim() !== "");
    if (sides.length === 0) {
      setState({ status: "none" });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const body = { texts: sides.map((side) => pair[side]) };
      postJson("/api/tokenize", body, isTokenizeResponse, controller.signal).then(
        (res) => {
          const count = (side: "a" | "b") => res.results[sides.indexOf(side)]?.count ?? null;
          setState({ status: "counted", counts: { pair, a: count("a"), b: count("b") } });
        },
        (e: unknown) => {
          if (!isAbort(e)) setState({ status: "failed", pair, message: (e as Error).message });
        },
      );
    }, COUNT_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [a, b]);
  return state;
}

const hasSpeed = (x: unknown): x is { speed: SpeedFit } => isSpeedFit((x as { speed?: unknown } | null)?.speed);

/**
 * This machine's measured speed from `GET /api/info`, fetched again whenever `refreshKey` changes (e.g. after each
 * comparison, which taught the server more). Null until known; a failed fetch keeps the last one, since an estimate
 * is optional.
 */
export function useMachineSpeed(refreshKey: unknown): SpeedFit | null {
  const [speed, setSpeed] = useState<SpeedFit | null>(null);
  useEffect(() => {
    if (refreshKey === null) return;
    const controller = new AbortController();
    getJson("/api/info", hasSpeed, controller.signal).then(
      (info) => setSpeed(info.speed),
      () => undefined,
    );
    return () => controller.abort();
  }, [refreshKey]);
  return speed;
}

/**
 * Rough ms to encode `pair` when it is long enough to be worth saying (over `LONG_PAIR_MS`), from the counts of exactly
 * these texts, each encoded alone. Null for a short pair, an unknown speed, counts of other texts, or the pair whose
 * result is on screen (`shownPair`: it was just encoded and cached, so comparing it again is quick).
 */
export function longPairEstimate(
  counts: CountsState,
  speed: SpeedFit | null,
  pair: ComparedPair,
  shownPair: ComparedPair | null,
): number | null {
  if (!speed || counts.status !== "counted" || !samePair(counts.counts.pair, pair) || samePair(shownPair, pair))
    return null;
  const { a, b } = counts.counts;
  const ms = predictTextsMs(
    speed,
    [a, b].flatMap((c) => (c ? [c.after] : [])),
  );
  return ms !== null && ms > LONG_PAIR_MS ? ms : null;
}
