"use client";

import { useCallback, useMemo, useState } from "react";
import { isBinaryLabels } from "@/lib/m3/stats/binary-labels";
import { detectFormat, type LabelledPair, parsePairs } from "./pairs-file";

const NO_PAIRS: LabelledPair[] = [];

/** The labelled pairs as typed, uploaded or loaded (the file name, if any, names the format), parsed as they change. */
export function usePairsInput() {
  const [source, setSource] = useState<{ text: string; filename?: string }>({ text: "" });
  const parsed = useMemo(
    () => (source.text.trim() ? parsePairs(source.text, detectFormat(source.text, source.filename)) : null),
    [source],
  );
  const pairs = parsed?.ok ? parsed.pairs : NO_PAIRS;
  const binary = useMemo(() => pairs.length > 0 && isBinaryLabels(pairs.map((p) => p.label)), [pairs]);
  const setText = useCallback((text: string, filename?: string) => setSource({ text, filename }), []);
  return { text: source.text, parsed, pairs, binary, setText };
}

export type PairsInput = ReturnType<typeof usePairsInput>;
