/** Text of the matrix page (`/matrix`): every text against every other, and the near-duplicate groups. */

const en = {
  "matrix.title": "Similarity matrix",
  "matrix.tagline":
    "Every text against every other, under dense, sparse, ColBERT or any hybrid, and the near-duplicates among them, across languages.",
  "matrix.input.label": "Texts, one per line",
  "matrix.input.placeholder": "One text per line: any language, any mix…",
  "matrix.input.limit": "2 to {max, plural, one {# text} other {# texts}}",
  "matrix.sample.crossLingual": "Cross-language near-duplicates",
  "matrix.sample.sixtyFour": "64 texts, 4 languages",
  "matrix.run": "Compute the matrix",
  "matrix.busy": "Computing…",
  "matrix.tooFew": "Write at least 2 texts, one per line.",
  "matrix.tooMany": "At most {max, plural, one {# text} other {# texts}}, please.",
  "matrix.empty": "Paste texts (one per line) or pick a sample, then compute the matrix.",
  "matrix.mode": "Matrix to show",
  "matrix.orientation.title": "How to read it",
  "matrix.orientation":
    "Row i is text i as the query, column j is text j as the document: cell (i, j) scores text i against text j. Dense and sparse are symmetric. ColBERT is not: it averages, over the row text's tokens, each token's best match in the column text, so (i, j) and (j, i) differ, and so does any hybrid with γ > 0.",
  "matrix.heatmap.label": "Similarity matrix: texts as queries down, as documents across",
  "matrix.heatmap.rows": "query ↓",
  "matrix.heatmap.cols": "document →",
  "matrix.heatmap.scale": "colours span the off-diagonal cells",
  "matrix.heatmap.diagonal": "diagonal: each text against itself",
  "matrix.weights.intro":
    "The hybrid matrix is recombined in your browser from the three matrices: moving a slider sends nothing.",
  "matrix.weights.invalid": "All three weights are 0: the hybrid matrix is undefined.",
  "matrix.pair.heading": "Selected pair",
  "matrix.pair.hint": "Click a cell to see both texts and every score.",
  "matrix.pair.query": "Query (row #{i})",
  "matrix.pair.document": "Document (column #{j})",
  "matrix.pair.reverse": "ColBERT the other way (#{j} → #{i})",
  "matrix.dedupe.heading": "Near-duplicate groups",
  "matrix.dedupe.intro":
    "Two texts are linked when their {mode} score reaches the threshold in both directions; linked texts form one group (connected components, so a chain counts).",
  "matrix.dedupe.threshold": "Threshold",
  "matrix.dedupe.none": "No two texts reach {t} in both directions.",
  "matrix.dedupe.group": "Group {k} · {n, plural, one {# text} other {# texts}}",
  "matrix.dedupe.summary":
    "{groups, plural, one {# group} other {# groups}}, {texts, plural, one {# text} other {# texts}} in them",
  "matrix.dedupe.more": "Show {n} more",
  "matrix.dedupe.less": "Show fewer",
  "matrix.csv": "Export CSV",
  "matrix.csv.hint": "The {mode} matrix as shown, rows as queries, the texts as headers.",
  "matrix.details":
    "{n, plural, one {# text} other {# texts}} · {tokens, plural, one {# token} other {# tokens}} · {ms} ms on the server (encode {encode} ms, scores {score} ms)",
  "matrix.truncated":
    "{n, plural, one {# text was} other {# texts were}} cut to {max, plural, one {# token} other {# tokens}}.",
  "matrix.histogram.heading": "How similar the pairs are",
  "matrix.histogram.intro":
    "Every pair's score (the lower of its two directions, as the groups below need), with the near-duplicate threshold as the red line: drag it, or focus it and use the arrow keys.",
  "matrix.histogram.threshold": "Near-duplicate threshold",
  "matrix.histogram.caption": "{pairs, plural, one {# pair} other {# pairs}}.",
  "matrix.histogram.above": "{n, plural, one {# pair reaches} other {# pairs reach}} {t}.",
} as const;

const zh: Record<keyof typeof en, string> = {
  "matrix.title": "相似度矩阵",
  "matrix.tagline":
    "每段文字与其他所有文字两两比较：稠密、稀疏、ColBERT 或任意混合，并找出其中的近似重复，跨语言也可以。",
  "matrix.input.label": "文本，每行一条",
  "matrix.input.placeholder": "每行一条文本：任何语言，可混合……",
  "matrix.input.limit": "2 到 {max} 条文本",
  "matrix.sample.crossLingual": "跨语言近似重复",
  "matrix.sample.sixtyFour": "64 条，4 种语言",
  "matrix.run": "计算矩阵",
  "matrix.busy": "计算中……",
  "matrix.tooFew": "请至少写 2 条文本，每行一条。",
  "matrix.tooMany": "最多 {max} 条文本。",
  "matrix.empty": "粘贴文本（每行一条）或选择一个示例，然后计算矩阵。",
  "matrix.mode": "显示哪个矩阵",
  "matrix.orientation.title": "怎么读这个矩阵",
  "matrix.orientation":
    "第 i 行是作为查询的文本 i，第 j 列是作为文档的文本 j：格子 (i, j) 表示文本 i 对文本 j 的分数。稠密与稀疏是对称的。ColBERT 不对称：它对行文本的每个词元取其在列文本中的最佳匹配再求平均，所以 (i, j) 与 (j, i) 不同，γ > 0 的混合分数也一样。",
  "matrix.heatmap.label": "相似度矩阵：行是作为查询的文本，列是作为文档的文本",
  "matrix.heatmap.rows": "查询 ↓",
  "matrix.heatmap.cols": "文档 →",
  "matrix.heatmap.scale": "颜色范围取自对角线以外的格子",
  "matrix.heatmap.diagonal": "对角线：每段文本与自身",
  "matrix.weights.intro": "混合矩阵由三个矩阵在你的浏览器中重新组合：拖动滑块不会发送任何请求。",
  "matrix.weights.invalid": "三个权重都是 0：混合矩阵没有定义。",
  "matrix.pair.heading": "选中的一对",
  "matrix.pair.hint": "点击一个格子，查看两段文本和全部分数。",
  "matrix.pair.query": "查询（第 {i} 行）",
  "matrix.pair.document": "文档（第 {j} 列）",
  "matrix.pair.reverse": "反方向的 ColBERT（#{j} → #{i}）",
  "matrix.dedupe.heading": "近似重复分组",
  "matrix.dedupe.intro":
    "两段文本在两个方向上的{mode}分数都达到阈值时相连；相连的文本归为一组（连通分量，链式相连也算）。",
  "matrix.dedupe.threshold": "阈值",
  "matrix.dedupe.none": "没有任何两段文本在两个方向上都达到 {t}。",
  "matrix.dedupe.group": "第 {k} 组 · {n} 条文本",
  "matrix.dedupe.summary": "{groups} 组，共 {texts} 条文本",
  "matrix.dedupe.more": "再显示 {n} 条",
  "matrix.dedupe.less": "收起",
  "matrix.csv": "导出 CSV",
  "matrix.csv.hint": "导出当前显示的{mode}矩阵，行作为查询，文本作为表头。",
  "matrix.details": "{n} 条文本 · {tokens} 个词元 · 服务器耗时 {ms} 毫秒（编码 {encode} 毫秒，计算分数 {score} 毫秒）",
  "matrix.truncated": "{n} 条文本被截断到 {max} 个词元。",
  "matrix.histogram.heading": "文本对的相似度分布",
  "matrix.histogram.intro":
    "每对文本的分数（取两个方向中较低者，与下方分组一致），红线为近似重复阈值：可拖动，或聚焦后用方向键调整。",
  "matrix.histogram.threshold": "近似重复阈值",
  "matrix.histogram.caption": "共 {pairs} 对。",
  "matrix.histogram.above": "{n} 对达到 {t}。",
};

export const MATRIX = { en, zh };
