"use client";

import { useState } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import type { Mode } from "@/components/shell/modes";
import { ThresholdField } from "@/components/shell/threshold-field";

export interface DedupePanelProps {
  mode: Mode;
  groups: readonly (readonly number[])[];
  texts: readonly string[];
  /** The threshold as typed (may be mid-edit, e.g. "0."). */
  thresholdText: string;
  onThresholdText: (s: string) => void;
  /** The threshold in use, or null while the typed one is not a number. */
  threshold: number | null;
  onPick: (i: number) => void;
}

/** The near-duplicate groups above an editable threshold, each text listed with its index. */
export function DedupePanel({
  mode,
  groups,
  texts,
  thresholdText,
  onThresholdText,
  threshold,
  onPick,
}: DedupePanelProps) {
  const { t } = useI18n();
  const inGroups = groups.reduce((s, g) => s + g.length, 0);
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-500">{t("matrix.dedupe.intro", { mode: t(`mode.${mode}`) })}</p>
      <div className="flex flex-wrap items-center gap-3">
        <ThresholdField
          id="dedupe-threshold"
          label={t("matrix.dedupe.threshold")}
          text={thresholdText}
          invalid={threshold === null}
          onText={onThresholdText}
        />
        <input
          type="range"
          aria-label={t("matrix.dedupe.threshold")}
          min={0}
          max={1}
          step={0.01}
          value={threshold ?? 0}
          onChange={(e) => onThresholdText(e.target.value)}
          className="w-48 accent-indigo-600"
        />
        <span data-testid="dedupe-summary" className="text-xs text-slate-500">
          {t("matrix.dedupe.summary", { groups: groups.length, texts: inGroups })}
        </span>
      </div>
      {groups.length === 0 ? (
        <p data-testid="dedupe-none" className="rounded-xl bg-slate-50 p-4 text-sm text-slate-500">
          {t("matrix.dedupe.none", { t: threshold === null ? "—" : String(threshold) })}
        </p>
      ) : (
        <ol className="grid gap-3 md:grid-cols-2">
          {groups.map((g, k) => (
            <li
              key={g.join("-")}
              data-testid="dedupe-group"
              data-members={g.join(",")}
              className="flex flex-col gap-2 rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200/70"
            >
              <span className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
                {t("matrix.dedupe.group", { k: k + 1, n: g.length })}
              </span>
              <GroupMembers members={g} texts={texts} onPick={onPick} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** Members shown at first; a long group folds the rest behind a button. */
const SHOWN = 8;

function GroupMembers({
  members,
  texts,
  onPick,
}: {
  members: readonly number[];
  texts: readonly string[];
  onPick: (i: number) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const shown = open ? members : members.slice(0, SHOWN);
  return (
    <>
      <ul className="flex flex-col gap-1">
        {shown.map((i) => (
          <li key={i}>
            <button
              type="button"
              onClick={() => onPick(i)}
              className="flex w-full items-baseline gap-2 rounded px-1 text-left text-sm text-slate-800 hover:bg-white"
            >
              <span className="shrink-0 text-xs text-slate-500 tabular-nums">#{i}</span>
              <span className="break-words">{texts[i]}</span>
            </button>
          </li>
        ))}
      </ul>
      {members.length > SHOWN && (
        <button
          type="button"
          onClick={() => setOpen((o) => !o)}
          className="self-start text-xs font-medium text-indigo-700 hover:underline"
        >
          {open ? t("matrix.dedupe.less") : t("matrix.dedupe.more", { n: members.length - SHOWN })}
        </button>
      )}
    </>
  );
}
