import { useI18n } from "./i18n-provider";

/** The banner for the bundled random-weight model. */
export function TestModelBanner() {
  const { t } = useI18n();
  return (
    <div
      data-testid="test-model-banner"
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
        <strong className="text-sm font-semibold">{t("banner.testModel")}</strong>
        <span className="text-xs text-amber-800/80">{t("banner.testModelDetail")}</span>
      </div>
    </div>
  );
}
