"use client";

import { useState } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { TableHead } from "@/components/shell/table-head";
import { Button } from "@/components/ui/button";
import type { MaxSimOmitted } from "@/lib/api/similarity-contract";
import type { Token } from "@/lib/m3/types";
import { formatScore } from "@/lib/ui/format";
import { tokenLabel } from "@/lib/ui/tokens";

/** Rows the list adds at a time: a long text has thousands of query tokens. */
const PAGE = 100;

export interface BestMatchesProps {
  rowBest: MaxSimOmitted["row_best"];
  tokensA: readonly Token[];
  tokensB: readonly Token[];
  /** Token index of matrix row 0 (column 0): ColBERT skips `<s>`. */
  rowOffset: number;
  colOffset: number;
  /** Shows matrix row `row` and its best column in the heatmap. */
  onShow: (row: number, col: number) => void;
}

/** Each query token's best match in the candidate, in text order, numbered from 1 as the tokens are. */
export function BestMatches({ rowBest, tokensA, tokensB, rowOffset, colOffset, onShow }: BestMatchesProps) {
  const { t } = useI18n();
  const [shown, setShown] = useState(PAGE);
  const total = rowBest.col.length;
  const rows = rowBest.col.slice(0, shown);
  return (
    <div className="flex min-w-0 flex-col gap-2">
      <h3 className="text-sm font-semibold text-slate-800">{t("best.heading")}</h3>
      <p className="-mt-1 text-xs text-slate-600">{t("best.intro", { count: total })}</p>
      <div className="max-h-96 overflow-auto rounded-xl ring-1 ring-slate-200">
        <table data-testid="best-matches" className="w-full text-left text-sm">
          <TableHead
            className="sticky top-0 bg-white text-xs text-slate-600"
            cell="px-3 py-2"
            columns={[
              { label: t("best.query") },
              { label: t("best.match") },
              { label: t("best.value"), numeric: true },
            ]}
          />
          <tbody className="tabular-nums">
            {rows.map((col, row) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are the query's token positions
              <tr key={row} data-testid="best-match" className="border-t border-slate-100">
                <td className="px-3 py-1">
                  <Button
                    variant="ghost"
                    size="sm"
                    className="h-auto px-1 py-0.5"
                    aria-label={t("best.show", {
                      n: row + 1,
                      token: tokenLabel(tokensA[row + rowOffset]?.text ?? "?"),
                    })}
                    onClick={() => onShow(row, col)}
                  >
                    <span className="text-slate-600">{row + 1}</span>{" "}
                    <span className="font-medium text-slate-900">
                      {tokenLabel(tokensA[row + rowOffset]?.text ?? "?")}
                    </span>
                  </Button>
                </td>
                <td className="px-3 py-1">
                  <span className="text-slate-600">{col + 1}</span> {tokenLabel(tokensB[col + colOffset]?.text ?? "?")}
                </td>
                <td className="px-3 py-1 text-right" data-value={rowBest.value[row]}>
                  {formatScore(rowBest.value[row]!)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown < total && (
        <Button variant="secondary" size="sm" className="self-start" onClick={() => setShown((n) => n + PAGE)}>
          {t("best.more", { count: Math.min(PAGE, total - shown), total })}
        </Button>
      )}
    </div>
  );
}
