import { useI18n } from "@/components/shell/i18n-provider";
import type { SimilarityResponse } from "@/lib/api/similarity-contract";
import { formatMs } from "@/lib/ui/format";

/** Token counts (and truncation), latency and the model, shown small. */
export function Details({ data }: { data: SimilarityResponse }) {
  const { t } = useI18n();
  const counts = [
    { side: "a" as const, label: t("input.a.label"), c: data.token_counts.a },
    { side: "b" as const, label: t("input.b.label"), c: data.token_counts.b },
  ];
  return (
    <dl
      data-testid="details"
      className="flex flex-wrap items-center gap-x-5 gap-y-1.5 px-1 text-xs text-slate-500 [&_dt]:sr-only"
    >
      {counts.map(({ side, label, c }) => (
        <div key={side} className="flex items-center gap-1.5">
          <dt>{label}</dt>
          <dd data-testid={`token-count-${side}`} className="tabular-nums">
            {t("details.tokens", { label, n: c.after })}
            {c.truncated && (
              <span
                data-testid={`truncated-${side}`}
                className="ml-1.5 rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-800"
              >
                {t("details.truncated", { before: c.before, max: data.max_length })}
              </span>
            )}
          </dd>
        </div>
      ))}
      <div>
        <dt>latency</dt>
        <dd data-testid="latency" className="tabular-nums">
          {t("details.latency", { ms: formatMs(data.timing_ms.total), encode: formatMs(data.timing_ms.encode) })}
        </dd>
      </div>
      <div className="flex items-center gap-1.5">
        <dt>model</dt>
        <dd data-testid="model-name" className="font-mono text-[11px] text-slate-600">
          {t("details.model", { name: data.model.name })}
          {data.model.revision && <span className="text-slate-500">@{data.model.revision.slice(0, 7)}</span>}
        </dd>
        <dd className="tabular-nums">· {t("details.dim", { d: data.model.dimension })}</dd>
        {data.model.test_model && (
          <dd className="rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-800">{t("details.testModel")}</dd>
        )}
      </div>
    </dl>
  );
}
