"use client";

import { useI18n } from "@/components/shell/i18n-provider";
import { cn } from "@/lib/ui/cn";
import { formatScore } from "@/lib/ui/format";

/** A metric in the top-points table; "undefined" where it has no value. */
export function MetricCell({ v, strong = false }: { v: number | null | undefined; strong?: boolean }) {
  const { t } = useI18n();
  return (
    <td className={cn("py-1 pr-1.5 text-right sm:pr-3", strong ? "text-slate-900" : "text-slate-500")}>
      {v === null || v === undefined || Number.isNaN(v) ? t("tune.undefined") : formatScore(v)}
    </td>
  );
}

/** A metric as a term and its value. */
export function Metric({ label, v }: { label: string; v: number }) {
  const { t } = useI18n();
  return (
    <>
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-right font-medium text-slate-900 tabular-nums">
        {Number.isNaN(v) ? t("tune.undefined") : formatScore(v)}
      </dd>
    </>
  );
}
