import { type MouseEvent, memo, useEffect, useMemo, useRef } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import type { Token } from "@/lib/m3/types";
import { cn } from "@/lib/ui/cn";
import { hasNoText, type TokenRun, tokenLabel, tokenRuns } from "@/lib/ui/tokens";

/** Segments per separately rendered run: a long text's 8,000 tokens are 40 runs. */
const RUN_SIZE = 200;

export interface TokenTextProps {
  side: "a" | "b";
  title: string;
  text: string;
  tokens: readonly Token[];
  selected: number | null;
  onSelect: (index: number | null) => void;
}

/**
 * The original text cut into its tokens (by UTF-16 offsets), each token a faint alternating tint; the selected
 * token is a `<mark data-testid="token-highlight">`. Clicking a token selects it. The segments render in runs (see
 * `tokenRuns`), so a selection re-renders two runs, and a new text mounts a few hundred elements' subtrees at once.
 */
export const TokenText = memo(function TokenText({ side, title, text, tokens, selected, onSelect }: TokenTextProps) {
  const { t } = useI18n();
  const { runs, runOf } = useMemo(() => tokenRuns(text, tokens, RUN_SIZE), [text, tokens]);
  const boxRef = useRef<HTMLElement>(null);
  const sel = selected === null ? null : tokens[selected];

  useEffect(() => {
    if (selected === null) return;
    const box = boxRef.current;
    const mark = box?.querySelector<HTMLElement>('[data-testid="token-highlight"]');
    if (!box || !mark) return;
    const top = mark.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 24) box.scrollTop = top - box.clientHeight / 3;
  }, [selected]);

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const el = (e.target as Element).closest("[data-token]");
    if (!el) return;
    const i = Number(el.getAttribute("data-token"));
    onSelect(i === selected ? null : i);
  };

  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <div className="flex items-baseline justify-between gap-2">
        <h4 className="text-sm font-medium text-slate-700">{title}</h4>
        {sel && (
          <span className="flex min-w-0 items-center gap-2 text-xs text-slate-500">
            <span className="truncate" data-testid={`token-selected-${side}`}>
              {hasNoText(sel)
                ? t("tokens.special", { token: sel.text })
                : t("tokens.selected", { token: `“${tokenLabel(sel.text)}”`, start: sel.start, end: sel.end })}
            </span>
            <button
              type="button"
              onClick={() => onSelect(null)}
              className="rounded px-1 text-indigo-600 outline-none hover:text-indigo-800 focus-visible:ring-2 focus-visible:ring-indigo-500"
            >
              {t("tokens.clear")}
            </button>
          </span>
        )}
      </div>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: a pointer shortcut; the keyboard selects tokens from the heatmap grid */}
      <section
        ref={boxRef}
        data-testid={`tokens-${side}`}
        aria-label={title}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a long text scrolls in this box, and the keyboard must reach it
        tabIndex={0}
        onClick={onClick}
        className="max-h-48 overflow-auto rounded-xl bg-white px-3.5 py-3 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 text-[15px] leading-7 break-words whitespace-pre-wrap text-slate-800 ring-1 ring-slate-200/70"
      >
        {runs.map((run, k) => (
          <TokenRunView key={run.start} run={run} selected={runOf.get(selected ?? -1) === k ? selected : null} />
        ))}
      </section>
    </div>
  );
});

/** One run of segments; it re-renders only when the selection enters or leaves it. */
const TokenRunView = memo(function TokenRunView({ run, selected }: { run: TokenRun; selected: number | null }) {
  return (
    <span>
      {run.segments.map((s) => {
        if (s.token === null) return <span key={s.start}>{s.text}</span>;
        if (selected !== null && s.tokens.includes(selected))
          return (
            <mark
              key={s.start}
              data-testid="token-highlight"
              data-token={s.token}
              className="rounded bg-amber-300 px-px text-slate-900 shadow-[0_0_0_2px_rgb(252_211_77)]"
            >
              {s.text}
            </mark>
          );
        return (
          <span
            key={s.start}
            data-token={s.token}
            className={cn(
              "cursor-pointer rounded-sm transition-colors hover:bg-indigo-100",
              s.tint ? "bg-indigo-100/60" : "bg-sky-100/70",
            )}
          >
            {s.text}
          </span>
        );
      })}
    </span>
  );
});
