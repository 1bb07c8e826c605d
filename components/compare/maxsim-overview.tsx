"use client";

import { useCallback, useEffect, useMemo } from "react";
import type { HeatCell } from "@/components/heatmap/heat-axis";
import { HeatmapLegend, RowBestKey } from "@/components/heatmap/heatmap-legend";
import { HeatmapOverview, type HeatRegion } from "@/components/heatmap/heatmap-overview";
import { useI18n } from "@/components/shell/i18n-provider";
import type { MaxSimOmitted } from "@/lib/api/similarity-contract";
import type { Token } from "@/lib/m3/types";
import { formatScore } from "@/lib/ui/format";
import { overviewGrid } from "@/lib/ui/heatmap";
import { fetchMaxSimWindow, type MaxSimWindow } from "@/lib/ui/request/similarity";
import { type Send, useRequest } from "@/lib/ui/request/use-request";
import { matrixOffset } from "@/lib/ui/tokens";
import { BestMatches } from "./best-matches";
import type { ComparedPair } from "./compared-pair";
import { MaxSimHeatmap, type TokenSelection } from "./maxsim-heatmap";

/** The full-resolution window's size: small enough for one DOM element per cell. */
const ZOOM_ROWS = 48;
const ZOOM_COLS = 64;
const OVERVIEW_HINT_ID = "overview-hint";

interface WindowAsk {
  pair: ComparedPair;
  region: HeatRegion;
}

const sendWindow: Send<WindowAsk, MaxSimWindow> = ({ pair, region }, _onProgress, signal) =>
  fetchMaxSimWindow(pair, region, signal);

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/** The zoom window around matrix cell (row, col), inside the matrix. */
function regionAround(row: number, col: number, o: MaxSimOmitted): HeatRegion {
  const rows = Math.min(ZOOM_ROWS, o.rows);
  const cols = Math.min(ZOOM_COLS, o.cols);
  return {
    row: clamp(Math.round(row - rows / 2), 0, o.rows - rows),
    col: clamp(Math.round(col - cols / 2), 0, o.cols - cols),
    rows,
    cols,
  };
}

export interface MaxSimOverviewProps {
  omitted: MaxSimOmitted;
  pair: ComparedPair;
  tokensA: readonly Token[];
  tokensB: readonly Token[];
  selection: TokenSelection;
  onSelect: (next: TokenSelection) => void;
}

/**
 * A MaxSim matrix too large to send (see `maxsim_omitted`): the server's overview of block maxima, a window of it at
 * full resolution (first around the first query token's best match; a click on a block or a best match moves it), and
 * each query token's best match.
 */
export function MaxSimOverview({ omitted, pair, tokensA, tokensB, selection, onSelect }: MaxSimOverviewProps) {
  const { t } = useI18n();
  const o = omitted;
  const bins = useMemo(
    () => overviewGrid(o.overview.blocks, o.overview.rows_per_block, o.overview.cols_per_block),
    [o],
  );
  const rowOffset = matrixOffset(tokensA.length, o.rows);
  const colOffset = matrixOffset(tokensB.length, o.cols);
  const { state, run } = useRequest(sendWindow);
  const zoomTo = useCallback(
    (row: number, col: number) => run({ pair, region: regionAround(row, col, o) }),
    [run, pair, o],
  );
  useEffect(() => zoomTo(0, o.row_best.col[0] ?? 0), [zoomTo, o]);

  const blockSpan = (b: HeatCell) => ({
    r0: b.row * bins.rowsPerBin + 1,
    r1: Math.min(o.rows, (b.row + 1) * bins.rowsPerBin),
    c0: b.col * bins.colsPerBin + 1,
    c1: Math.min(o.cols, (b.col + 1) * bins.colsPerBin),
  });
  const describe = (b: HeatCell) =>
    t("overview.block", { ...blockSpan(b), value: formatScore(bins.data[b.row * bins.cols + b.col]!) });
  const onPick = (b: HeatCell) => {
    const s = blockSpan(b);
    zoomTo((s.r0 + s.r1) / 2 - 1, (s.c0 + s.c1) / 2 - 1);
  };
  const onShow = (row: number, col: number) => {
    zoomTo(row, col);
    onSelect({ a: row + rowOffset, b: col + colOffset });
  };

  const region = state.status === "idle" ? null : state.body.region;
  const win = state.status === "success" ? state.data : null;
  return (
    <div className="flex min-w-0 flex-col gap-4">
      <p id={OVERVIEW_HINT_ID} data-testid="overview-caption" className="text-sm text-slate-700">
        {t("overview.caption", { rows: o.rows, cols: o.cols, br: bins.rowsPerBin, bc: bins.colsPerBin })}
      </p>
      <HeatmapLegend min={bins.min} max={bins.max}>
        <RowBestKey label={t("overview.rowBest")} />
      </HeatmapLegend>
      <HeatmapOverview
        bins={bins}
        label={t("overview.label")}
        describedBy={OVERVIEW_HINT_ID}
        zoomed={region}
        onPick={onPick}
        describe={describe}
      />
      <section aria-labelledby="zoom-heading" className="flex min-w-0 flex-col gap-2">
        <h3 id="zoom-heading" className="text-sm font-semibold text-slate-800">
          {region
            ? t("overview.zoom", {
                r0: region.row + 1,
                r1: region.row + region.rows,
                c0: region.col + 1,
                c1: region.col + region.cols,
              })
            : t("overview.zoomNone")}
        </h3>
        {state.status === "loading" && (
          <p role="status" data-testid="zoom-loading" className="text-sm text-slate-600">
            {t("overview.loading")}
          </p>
        )}
        {state.status === "error" && (
          <p role="alert" data-testid="zoom-error" className="text-sm text-rose-700">
            {t("overview.failed")}
          </p>
        )}
        {win && (
          <MaxSimHeatmap
            grid={win.grid}
            tokensA={tokensA}
            tokensB={tokensB}
            selection={selection}
            onSelect={onSelect}
            placement={{ row: win.row, col: win.col, rows: o.rows, cols: o.cols }}
          />
        )}
      </section>
      <BestMatches
        rowBest={o.row_best}
        tokensA={tokensA}
        tokensB={tokensB}
        rowOffset={rowOffset}
        colOffset={colOffset}
        onShow={onShow}
      />
    </div>
  );
}
