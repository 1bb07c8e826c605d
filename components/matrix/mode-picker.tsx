"use client";

import { useI18n } from "@/components/shell/i18n-provider";
import { MODE_STYLE, MODES, type Mode } from "@/components/shell/modes";
import { cn } from "@/lib/ui/cn";

/**
 * Dense / Sparse / ColBERT / Hybrid as a segmented radio group (native radios: arrow keys move between them). `name`
 * is the radios' group name and the prefix of their test ids.
 */
export function ModePicker({
  mode,
  onMode,
  label,
  name = "matrix-mode",
  className,
}: {
  mode: Mode;
  onMode: (m: Mode) => void;
  label: string;
  name?: string;
  className?: string;
}) {
  const { t } = useI18n();
  return (
    <fieldset className={cn("flex flex-wrap items-center gap-2", className)}>
      <legend className="sr-only">{label}</legend>
      <span aria-hidden="true" className="text-xs font-semibold tracking-wider text-slate-500 uppercase">
        {label}
      </span>
      <div className="inline-flex flex-wrap rounded-xl bg-slate-100 p-1">
        {MODES.map((m) => (
          <label
            key={m}
            data-testid={`${name}-${m}`}
            className={cn(
              "flex cursor-pointer items-center gap-1.5 rounded-lg px-3 py-1.5 text-sm font-medium transition has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500",
              mode === m ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
            )}
          >
            <input
              type="radio"
              name={name}
              value={m}
              checked={mode === m}
              onChange={() => onMode(m)}
              className="sr-only"
            />
            <span aria-hidden="true" className={cn("size-2 rounded-full", MODE_STYLE[m].dot)} />
            {t(`mode.${m}`)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
