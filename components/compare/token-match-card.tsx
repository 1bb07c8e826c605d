"use client";

import { useCallback, useState } from "react";
import { useI18n } from "@/components/shell/i18n-provider";
import { Card, CardContent, CardDescription, CardHeader, CardSubtitle, CardTitle } from "@/components/ui/card";
import type { SimilarityResponse } from "@/lib/api/similarity-contract";
import { cn } from "@/lib/ui/cn";
import type { SimilarityResult } from "@/lib/ui/request/similarity";
import type { ComparedPair } from "./compared-pair";
import { MaxSimHeatmap, maxSimFitsDom, type TokenSelection } from "./maxsim-heatmap";
import { MaxSimOverview } from "./maxsim-overview";
import { TokenText } from "./token-text";

const NO_SELECTION: TokenSelection = { a: null, b: null };

/**
 * Which tokens matched: the MaxSim heatmap beside both texts cut into tokens. Selecting a cell, a header or a token
 * highlights the tokens in both; a new result starts with nothing selected.
 */
export function TokenMatchCard({ result, pair }: { result: SimilarityResult; pair: ComparedPair }) {
  const { t } = useI18n();
  const { data, grid } = result;
  const [picked, setPicked] = useState<{ data: SimilarityResponse | null; sel: TokenSelection }>({
    data: null,
    sel: NO_SELECTION,
  });
  const selection = picked.data === data ? picked.sel : NO_SELECTION;
  const onSelect = useCallback((sel: TokenSelection) => setPicked({ data, sel }), [data]);
  const onSelectA = useCallback(
    (a: number | null) => setPicked((p) => ({ data, sel: { a, b: p.data === data ? p.sel.b : null } })),
    [data],
  );
  const onSelectB = useCallback(
    (b: number | null) => setPicked((p) => ({ data, sel: { a: p.data === data ? p.sel.a : null, b } })),
    [data],
  );
  const small = !data.maxsim_omitted && maxSimFitsDom(grid);

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          {t("heatmap.heading")}
          <CardSubtitle>{t("heatmap.sub")}</CardSubtitle>
        </CardTitle>
        <CardDescription>{t("heatmap.intro")}</CardDescription>
      </CardHeader>
      <CardContent
        className={cn("grid min-w-0 gap-6", small && "xl:grid-cols-[minmax(0,max-content)_minmax(20rem,1fr)]")}
      >
        {data.maxsim_omitted ? (
          <MaxSimOverview
            omitted={data.maxsim_omitted}
            pair={pair}
            tokensA={data.tokens.a}
            tokensB={data.tokens.b}
            selection={selection}
            onSelect={onSelect}
          />
        ) : (
          <MaxSimHeatmap
            grid={grid}
            tokensA={data.tokens.a}
            tokensB={data.tokens.b}
            selection={selection}
            onSelect={onSelect}
          />
        )}
        <div className="flex min-w-0 flex-col gap-3">
          <h3 className="text-sm font-semibold text-slate-800">{t("tokens.heading")}</h3>
          <p className="-mt-2 text-xs text-slate-500">{t("tokens.hint")}</p>
          <div className={cn("grid min-w-0 gap-4 md:grid-cols-2", small && "xl:grid-cols-1")}>
            <TokenText
              side="a"
              title={t("input.a.label")}
              text={pair.a}
              tokens={data.tokens.a}
              selected={selection.a}
              onSelect={onSelectA}
            />
            <TokenText
              side="b"
              title={t("input.b.label")}
              text={pair.b}
              tokens={data.tokens.b}
              selected={selection.b}
              onSelect={onSelectB}
            />
          </div>
        </div>
      </CardContent>
    </Card>
  );
}
