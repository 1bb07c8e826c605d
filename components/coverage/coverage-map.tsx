"use client";

import { Fragment, useMemo } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { MODE_STYLE, MODES, type Mode } from "@/components/shell/modes";
import type { CoveragePassage } from "@/lib/api/coverage-contract";
import { cn } from "@/lib/ui/cn";
import { formatScore } from "@/lib/ui/format";
import { coverageSegments, LEVELS, scoreLevel } from "./coverage-view";
import { passageAnchor } from "./passage-link";

/** The map's shades, lowest first (literal class names so Tailwind sees them). */
const LEVEL_BG = ["bg-indigo-50", "bg-indigo-100", "bg-indigo-200", "bg-indigo-300", "bg-indigo-400"] as const;

export interface CoverageMapProps {
  document: string;
  passages: readonly CoveragePassage[];
  /** Each passage's score in `mode`. */
  values: Float64Array;
  /** Each passage's four scores on screen (the hybrid under the current weights). */
  scoresOf: (i: number) => Record<Mode, number>;
  mode: Mode;
  missed: ReadonlySet<number>;
  active: number | null;
  onActive: (i: number) => void;
}

/**
 * The document's text, each stretch shaded by the best passage covering it, with a numbered badge where each passage
 * starts. The badges are the keyboard's way in: each is a button named with its passage's score and shade.
 */
export function CoverageMap(props: CoverageMapProps) {
  const { document, passages, values, mode, missed, active, onActive } = props;
  const { t } = useI18n();
  const segments = useMemo(() => coverageSegments(document.length, passages, values), [document, passages, values]);
  const [min, max] = useMemo(() => range(values), [values]);
  const startsAt = useMemo(() => {
    const at = new Map<number, number[]>();
    passages.forEach((p, i) => {
      at.set(p.start, [...(at.get(p.start) ?? []), i]);
    });
    return at;
  }, [passages]);
  const level = (i: number) => scoreLevel(values[i]!, min, max);

  return (
    <div className="flex flex-col gap-3">
      <MapLegend min={min} max={max} />
      <ActivePassage {...props} level={active === null ? null : level(active)} />
      <section
        aria-label={t("coverage.map.label")}
        data-testid="coverage-map"
        data-mode={mode}
        className="max-h-[36rem] overflow-y-auto rounded-xl bg-white p-3 text-[15px] leading-8 break-words whitespace-pre-wrap text-slate-900 ring-1 ring-slate-200 sm:p-4"
      >
        {segments.map((seg) => (
          <Fragment key={seg.start}>
            {(startsAt.get(seg.start) ?? []).map((i) => (
              <PassageBadge
                key={`badge-${i}`}
                index={i}
                count={passages.length}
                passage={passages[i]!}
                value={values[i]!}
                level={level(i)}
                mode={mode}
                missed={missed.has(i)}
                active={active === i}
                onActive={onActive}
              />
            ))}
            {/* biome-ignore lint/a11y/noStaticElementInteractions: pointing at text previews its passage; the badges are the keyboard's way in */}
            <span
              data-testid="coverage-segment"
              data-passage={seg.passage}
              data-level={seg.passage < 0 ? "" : level(seg.passage)}
              onMouseEnter={() => seg.passage >= 0 && onActive(seg.passage)}
              className={cn(
                "rounded-[3px] py-0.5",
                seg.passage >= 0 && LEVEL_BG[level(seg.passage)],
                active !== null &&
                  seg.passages.includes(active) &&
                  "underline decoration-indigo-800 decoration-2 underline-offset-[5px]",
              )}
            >
              {document.slice(seg.start, seg.end)}
            </span>
          </Fragment>
        ))}
      </section>
    </div>
  );
}

function range(values: Float64Array): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return Number.isFinite(min) ? [min, max] : [0, 1];
}

function PassageBadge(props: {
  index: number;
  count: number;
  passage: CoveragePassage;
  value: number;
  level: number;
  mode: Mode;
  missed: boolean;
  active: boolean;
  onActive: (i: number) => void;
}) {
  const { index: i, passage: p, missed, active, onActive } = props;
  const { t } = useI18n();
  const name = t("coverage.passage.name", {
    i: i + 1,
    n: props.count,
    mode: t(`mode.${props.mode}`),
    score: formatScore(props.value, 3),
    level: t("coverage.map.level", { k: props.level + 1, n: LEVELS }),
    tokens: p.tokens,
    start: p.start,
    end: p.end,
  });
  return (
    <button
      type="button"
      id={passageAnchor(i)}
      data-testid="coverage-passage"
      data-index={i}
      data-value={props.value}
      data-level={props.level}
      data-missed={missed}
      aria-label={missed ? `${name}; ${t("coverage.passage.missed")}` : name}
      onFocus={() => onActive(i)}
      onMouseEnter={() => onActive(i)}
      onClick={() => onActive(i)}
      className={cn(
        "mx-0.5 inline-flex h-5 min-w-5 scroll-mt-4 items-center justify-center rounded-full px-1 align-[1px] text-[11px] leading-none font-semibold tabular-nums outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1",
        missed ? "border-2 border-dashed border-amber-600 bg-amber-50 text-amber-900" : "bg-slate-900 text-white",
        active && "ring-2 ring-indigo-500 ring-offset-1",
      )}
    >
      {i + 1}
    </button>
  );
}

/** The shades from lower to higher with the range they span, and the missed-passage badge. */
function MapLegend({ min, max }: { min: number; max: number }) {
  const { t } = useI18n();
  return (
    <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-xs text-slate-600">
      <span className="flex items-center gap-2">
        <span data-testid="coverage-legend-min" className="tabular-nums">
          {formatScore(min, 3)}
        </span>
        <span className="sr-only">{t("coverage.legend.low")}</span>
        <span aria-hidden="true" className="flex overflow-hidden rounded-full ring-1 ring-slate-200">
          {LEVEL_BG.map((bg) => (
            <span key={bg} className={cn("h-3 w-6", bg)} />
          ))}
        </span>
        <span className="sr-only">{t("coverage.legend.high")}</span>
        <span data-testid="coverage-legend-max" className="tabular-nums">
          {formatScore(max, 3)}
        </span>
      </span>
      <span className="flex items-center gap-1.5">
        <span
          aria-hidden="true"
          className="inline-block size-4 rounded-full border-2 border-dashed border-amber-600 bg-amber-50"
        />
        {t("coverage.legend.missed")}
      </span>
    </div>
  );
}

/** The passage under the pointer or in focus: its number, size, place and every score. */
function ActivePassage({
  passages,
  scoresOf,
  mode,
  active,
  missed,
  level,
}: CoverageMapProps & { level: number | null }) {
  const { t } = useI18n();
  const p = active === null ? undefined : passages[active];
  if (active === null || !p)
    return (
      <p data-testid="coverage-active" className="min-h-14 rounded-xl bg-slate-50 px-3 py-2 text-xs text-slate-600">
        {t("coverage.map.hint")}
      </p>
    );
  const scores = scoresOf(active);
  return (
    <div
      data-testid="coverage-active"
      data-index={active}
      className="flex min-h-14 flex-wrap items-center gap-x-4 gap-y-1 rounded-xl bg-slate-50 px-3 py-2 text-xs text-slate-700"
    >
      <strong className="text-sm font-semibold text-slate-900">{t("coverage.passage", { i: active + 1 })}</strong>
      <span>{t("coverage.passage.tokens", { n: p.tokens })}</span>
      <span>{t("coverage.passage.chars", { start: p.start, end: p.end })}</span>
      {level !== null && <span>{t("coverage.map.level", { k: level + 1, n: LEVELS })}</span>}
      {missed.has(active) && <span className="font-medium text-amber-800">{t("coverage.passage.missed")}</span>}
      <dl className="flex flex-wrap gap-x-3 gap-y-1">
        {MODES.map((m) => (
          <div key={m} className={cn("flex items-center gap-1", m === mode && "font-semibold text-slate-900")}>
            <dt className="flex items-center gap-1">
              <span aria-hidden="true" className={cn("size-1.5 rounded-full", MODE_STYLE[m].dot)} />
              {t(`mode.${m}`)}
            </dt>
            <dd data-testid={`coverage-active-${m}`} data-value={scores[m]} className="tabular-nums">
              {formatScore(scores[m], 3)}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
