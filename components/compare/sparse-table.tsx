"use client";

import { useState } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { TableHead } from "@/components/shell/table-head";
import type { LexicalEntry, SharedLexicalEntry } from "@/lib/api/similarity-contract";
import { formatScore } from "@/lib/ui/format";
import { tokenLabel } from "@/lib/ui/tokens";

const FIRST_ROWS = 10;

export interface SparseTableProps {
  lexical: { a: readonly LexicalEntry[]; b: readonly LexicalEntry[]; shared: readonly SharedLexicalEntry[] };
  sparse: number;
}

/** The shared tokens with both weights and their product; the products add up to the sparse score. */
export function SparseTable({ lexical, sparse }: SparseTableProps) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  const rows = [...lexical.shared].sort((x, y) => y.product - x.product);
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  const top = rows[0]?.product ?? 0;

  return (
    <div className="flex flex-col gap-3">
      <p className="text-xs text-slate-500">
        {t("sparse.counts", { a: lexical.a.length, b: lexical.b.length, shared: lexical.shared.length })}
      </p>
      {rows.length === 0 ? (
        <p data-testid="sparse-empty" className="rounded-xl bg-slate-50 p-4 text-sm leading-relaxed text-slate-600">
          {t("sparse.none")}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl ring-1 ring-slate-200">
          <table data-testid="sparse-table" className="w-full min-w-[26rem] text-sm tabular-nums">
            <TableHead
              className="bg-slate-50 text-xs text-slate-500"
              cell="px-3 py-2"
              columns={[
                { label: t("sparse.token") },
                { label: t("sparse.a"), numeric: true },
                { label: t("sparse.b"), numeric: true },
                { label: t("sparse.product"), numeric: true },
              ]}
            />
            <tbody className="divide-y divide-slate-100">
              {shown.map((r) => (
                <tr key={r.id} data-testid="sparse-row">
                  <th scope="row" className="px-3 py-1.5 text-left font-medium text-slate-800">
                    <span className="rounded bg-amber-50 px-1.5 py-0.5 ring-1 ring-amber-200/70">
                      {tokenLabel(r.token)}
                    </span>
                  </th>
                  <td className="px-3 py-1.5 text-right text-slate-600">{formatScore(r.weight_a)}</td>
                  <td className="px-3 py-1.5 text-right text-slate-600">{formatScore(r.weight_b)}</td>
                  <td className="px-3 py-1.5 text-right">
                    <span className="inline-flex items-center justify-end gap-2">
                      <span
                        aria-hidden="true"
                        className="hidden h-1.5 w-16 overflow-hidden rounded-full bg-slate-100 sm:block"
                      >
                        <span
                          className="block h-full rounded-full bg-amber-400"
                          style={{ width: `${top > 0 ? (r.product / top) * 100 : 0}%` }}
                        />
                      </span>
                      <span className="font-semibold text-slate-900">{formatScore(r.product)}</span>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot className="border-t border-slate-200 bg-slate-50/70">
              <tr>
                <th scope="row" colSpan={3} className="px-3 py-2 text-right text-xs font-medium text-slate-500">
                  {t("sparse.total")}
                </th>
                <td className="px-3 py-2 text-right font-semibold text-slate-900">{formatScore(sparse)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {rows.length > FIRST_ROWS && (
        <button
          type="button"
          onClick={() => setAll((v) => !v)}
          className="self-start rounded text-sm font-medium text-indigo-600 outline-none hover:text-indigo-800 focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          {all ? t("sparse.showFewer") : t("sparse.showAll", { n: rows.length })}
        </button>
      )}
    </div>
  );
}
