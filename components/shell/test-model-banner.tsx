import type { ModelInfo } from "@/lib/api/schemas";
import { useI18n } from "./i18n-provider";

/** The banner for a model whose scores may be noise: the random-weight test model, or unchecked (unverified) files. */
export function TestModelBanner({ model }: { model: ModelInfo | undefined }) {
  const { t } = useI18n();
  if (!model || model.test_model === false) return null;
  const kind = model.test_model === null ? "unverified" : "testModel";
  return (
    <div
      data-testid={kind === "testModel" ? "test-model-banner" : "unverified-model-banner"}
      role="note"
      className="flex items-start gap-3 rounded-2xl bg-amber-50 px-4 py-3 text-amber-900 ring-1 ring-amber-200"
    >
      <span
        aria-hidden="true"
        className="mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full bg-amber-200 text-sm font-bold"
      >
        !
      </span>
      <div className="flex min-w-0 flex-col">
        <strong className="text-sm font-semibold">{t(`banner.${kind}`)}</strong>
        <span className="text-xs text-amber-800">{t(`banner.${kind}Detail`)}</span>
      </div>
    </div>
  );
}
