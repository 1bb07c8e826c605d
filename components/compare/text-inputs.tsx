import type { ReactNode } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/ui/cn";
import { EXAMPLES, type ExamplePair } from "@/lib/ui/examples";

export interface TextInputsProps {
  a: string;
  b: string;
  onChange: (next: { a: string; b: string }) => void;
  onCompare: () => void;
  onExample: (pair: ExamplePair) => void;
  busy: boolean;
  /** The side the server blamed in its last error ("a" or "b"), with its message. */
  invalid?: { field: "a" | "b"; message: string } | null;
  /** What is known about the texts before they run (token counts, time estimate), left of the buttons. */
  forecast?: ReactNode;
}

const preview = (s: string, n = 22) => (s.length > n ? `${s.slice(0, n).trimEnd()}…` : s);

/** Why Compare is disabled, read with the button. */
const EMPTY_HINT_ID = "compare-empty-hint";

/** The example chips, the two text areas and the Compare button. */
export function TextInputs({ a, b, onChange, onCompare, onExample, busy, invalid, forecast }: TextInputsProps) {
  const { t } = useI18n();
  const empty = !a.trim() || !b.trim();
  const active = EXAMPLES.find((e) => e.a === a && e.b === b)?.id;

  const onKeyDown = (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !empty) {
      e.preventDefault();
      onCompare();
    }
  };

  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-col gap-2">
        <span id="examples-label" className="text-xs font-semibold tracking-wider text-slate-500 uppercase">
          {t("examples.label")}
        </span>
        {/* On a phone the examples scroll sideways in one row, so the text boxes stay in the first screen. */}
        <ul
          aria-labelledby="examples-label"
          className="-mx-1 flex gap-2 overflow-x-auto px-1 pb-1 sm:mx-0 sm:flex-wrap sm:overflow-visible sm:px-0 sm:pb-0"
        >
          {EXAMPLES.map((ex) => (
            <li key={ex.id} className="max-w-[70vw] min-w-0 shrink-0 sm:max-w-full sm:shrink">
              <button
                type="button"
                data-testid={`example-${ex.id}`}
                aria-pressed={active === ex.id}
                onClick={() => onExample(ex)}
                className={cn(
                  "group flex max-w-full min-w-0 flex-col items-start rounded-xl px-3 py-2 text-left ring-1 transition outline-none focus-visible:ring-2 focus-visible:ring-indigo-500",
                  active === ex.id
                    ? "bg-indigo-50 ring-indigo-300"
                    : "bg-white ring-slate-200 hover:bg-slate-50 hover:ring-slate-300",
                )}
              >
                <span
                  className={cn(
                    "text-[11px] font-semibold tracking-wide uppercase",
                    active === ex.id ? "text-indigo-600" : "text-slate-500 group-hover:text-slate-700",
                  )}
                >
                  {t(`examples.${ex.id}`)}
                </span>
                <span className="max-w-full truncate text-sm text-slate-700">
                  {preview(ex.a)} <span className="text-slate-500">↔</span> {preview(ex.b, 16)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>

      <div className="grid min-w-0 gap-4 md:grid-cols-2">
        {(["a", "b"] as const).map((side) => {
          const value = side === "a" ? a : b;
          const bad = invalid?.field === side;
          return (
            <div key={side} className="flex min-w-0 flex-col gap-1.5">
              <label htmlFor={`text-${side}`} className="flex items-baseline justify-between gap-2 text-sm">
                <span className="font-semibold text-slate-800">
                  {t(`input.${side}.label`)}{" "}
                  <span className="font-normal text-slate-500">· {t(`input.${side}.sub`)}</span>
                </span>
                <span className="text-xs text-slate-500 tabular-nums">{t("input.chars", { n: value.length })}</span>
              </label>
              <textarea
                id={`text-${side}`}
                data-testid={`text-${side}`}
                value={value}
                onChange={(e) => onChange(side === "a" ? { a: e.target.value, b } : { a, b: e.target.value })}
                onKeyDown={onKeyDown}
                placeholder={t(`input.${side}.placeholder`)}
                aria-invalid={bad || undefined}
                aria-describedby={bad ? `text-${side}-error` : undefined}
                spellCheck={false}
                className={cn(
                  "field-sizing-content max-h-72 min-h-28 w-full resize-y rounded-xl bg-slate-50/60 px-3.5 py-3 text-[15px] leading-relaxed text-slate-900 ring-1 transition outline-none placeholder:text-slate-500 focus:bg-white focus:ring-2",
                  bad ? "ring-rose-400 focus:ring-rose-500" : "ring-slate-200 focus:ring-indigo-500",
                )}
              />
              {bad && (
                <p id={`text-${side}-error`} className="text-sm text-rose-600">
                  {invalid.message}
                </p>
              )}
            </div>
          );
        })}
      </div>

      <div className="flex flex-wrap items-center justify-end gap-x-4 gap-y-2">
        {/* Always there, at least one line high, so counts arriving never move the buttons. */}
        <div className="mr-auto flex min-h-8 min-w-0 basis-full items-center text-xs text-slate-500 sm:basis-0 sm:grow">
          {empty ? (
            <p id={EMPTY_HINT_ID} data-testid="input-empty" className="text-sm text-amber-800">
              {t("input.empty")}
            </p>
          ) : (
            forecast
          )}
        </div>
        <button
          type="button"
          onClick={() => onChange({ a: b, b: a })}
          className="rounded-lg px-2 py-1 text-sm text-slate-500 outline-none hover:text-slate-800 focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          ⇅ {t("input.swap")}
        </button>
        <span className="hidden text-xs text-slate-500 sm:inline">{t("compare.shortcut")}</span>
        <Button
          data-testid="compare"
          size="lg"
          onClick={onCompare}
          disabled={empty}
          aria-busy={busy}
          aria-describedby={empty ? EMPTY_HINT_ID : undefined}
        >
          {busy && <Spinner />}
          {busy ? t("compare.busy") : t("compare.button")}
        </Button>
      </div>
    </div>
  );
}

export function Spinner({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className={cn("size-4 animate-spin", className)}>
      <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeOpacity="0.3" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
