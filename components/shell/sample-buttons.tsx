"use client";

import { Button } from "@/components/ui/button";
import { useI18n } from "./i18n-provider";

/** "Samples" and one button per sample (`data-testid` is `sample-<id>` unless the page prefixes it). */
export function SampleButtons({
  samples,
  onPick,
  testIdPrefix = "sample",
}: {
  samples: readonly { id: string; label: string }[];
  onPick: (id: string) => void;
  testIdPrefix?: string;
}) {
  const { t } = useI18n();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="text-xs font-semibold tracking-wider text-slate-500 uppercase">{t("samples.label")}</span>
      {samples.map((s) => (
        <Button
          key={s.id}
          size="sm"
          variant="secondary"
          data-testid={`${testIdPrefix}-${s.id}`}
          onClick={() => onPick(s.id)}
        >
          {s.label}
        </Button>
      ))}
    </div>
  );
}
