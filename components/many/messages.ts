"use client";
/**
 * Interface text of the many-texts pages (matrix, retrieval check, tuning), in English and Chinese. Kept apart from
 * `lib/i18n.ts` so these pages can grow without touching the compare page's table; the language itself comes from the
 * shared `I18nProvider`, so the EN | 中文 switch changes both at once.
 */
import { useCallback } from "react";
import { useI18n } from "@/components/i18n-provider";
import type { Lang } from "@/lib/i18n";

const en = {
  "nav.label": "Pages",
  "nav.compare": "Compare two",
  "nav.matrix": "Matrix",
  "nav.search": "Retrieval check",
  "nav.tune": "Weight tuning",

  "progress.label": "Progress",
  "progress.sending": "Sending…",
  "progress.encode": "Encoding texts: {done} / {total}",
  "progress.score": "Scoring: row {done} / {total}",
  "progress.search": "Searching the weight grid…",
  "progress.elapsed": "{s} s",

  "lines.count": "{n} texts",

  "matrix.title": "Similarity matrix",
  "matrix.tagline":
    "Every text against every other, under dense, sparse, ColBERT or any hybrid, and the near-duplicates among them, across languages.",
  "matrix.input.label": "Texts, one per line",
  "matrix.input.placeholder": "One text per line: any language, any mix…",
  "matrix.input.limit": "2 to {max} texts",
  "matrix.samples": "Samples",
  "matrix.sample.crossLingual": "Cross-language near-duplicates",
  "matrix.sample.sixtyFour": "64 texts, 4 languages",
  "matrix.run": "Compute the matrix",
  "matrix.busy": "Computing…",
  "matrix.tooFew": "Write at least 2 texts, one per line.",
  "matrix.tooMany": "At most {max} texts, please.",
  "matrix.empty": "Paste texts (one per line) or pick a sample, then compute the matrix.",
  "matrix.mode": "Matrix to show",
  "matrix.orientation.title": "How to read it",
  "matrix.orientation":
    "Row i is text i as the query, column j is text j as the document: cell (i, j) scores text i against text j. Dense and sparse are symmetric. ColBERT is not: it averages, over the row text's tokens, each token's best match in the column text, so (i, j) and (j, i) differ, and so does any hybrid with γ > 0.",
  "matrix.heatmap.label": "Similarity matrix: texts as queries down, as documents across",
  "matrix.heatmap.corner": "query ↓ document →",
  "matrix.heatmap.scale": "colours span the off-diagonal cells",
  "matrix.heatmap.diagonal": "diagonal: each text against itself",
  "matrix.weights.heading": "Hybrid weights",
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
  "matrix.dedupe.group": "Group {k} · {n} texts",
  "matrix.dedupe.summary": "{groups} groups, {texts} texts in them",
  "matrix.dedupe.more": "Show {n} more",
  "matrix.dedupe.less": "Show fewer",
  "matrix.csv": "Export CSV",
  "matrix.csv.hint": "The {mode} matrix as shown, rows as queries, the texts as headers.",
  "matrix.details": "{n} texts · {tokens} tokens · {ms} ms on the server (encode {encode} ms, scores {score} ms)",
  "matrix.truncated": "{n} texts were cut to {max} tokens.",

  "search.title": "Retrieval check",
  "search.tagline":
    "Does the retrieved passage really answer the question? Rank candidate passages by hybrid score, with every mode's score, and flag the weak ones.",
  "search.query.label": "Query",
  "search.query.placeholder": "A question or a search query…",
  "search.passages.label": "Candidate passages, one per line",
  "search.passages.placeholder": "One passage per line…",
  "search.samples": "Samples",
  "search.sample.bge": "What is BGE M3?",
  "search.sample.zh": "中文问答",
  "search.run": "Rank the passages",
  "search.busy": "Ranking…",
  "search.threshold": "Flag passages below",
  "search.threshold.invalid": "The threshold must be a number.",
  "search.noQuery": "Write a query and at least one passage.",
  "search.empty": "Write a query and candidate passages (one per line), or pick a sample, then rank them.",
  "search.results": "Ranking",
  "search.order":
    "Sorted by hybrid score with the weights on the right; moving a slider re-ranks here, without a request.",
  "search.flag": "the retrieved passage does not really answer",
  "search.ok": "reaches the threshold",
  "search.summary": "{ok} of {n} passages reach {t}; {low} flagged.",
  "search.passage": "passage #{i}",
  "search.hybrid": "Hybrid",

  "tune.title": "Weight tuning",
  "tune.tagline":
    "Which α/β/γ, and which threshold, for your data? Give labelled pairs; every point of the weight simplex is tried on them.",
  "tune.testModelNote":
    "With the bundled test model (random weights) the numbers below mean nothing: they only show that every step runs. Load the real BAAI/bge-m3 to tune for real.",
  "tune.input.label": "Labelled pairs: CSV, TSV or JSONL",
  "tune.input.help":
    "Columns text_a, text_b, label (a header row for CSV and TSV; one JSON object per line for JSONL). Labels are numbers, such as 0–5, or 0/1.",
  "tune.input.placeholder": "text_a,text_b,label\n我喜欢看书,I like reading books,1\n…",
  "tune.upload": "Upload a file",
  "tune.samples": "Samples",
  "tune.sample.binary": "0/1 paraphrases (CSV)",
  "tune.sample.graded": "Graded similarity 0–5 (JSONL)",
  "tune.parsed": "{n} pairs · {texts} distinct texts · {kind} labels · {format}",
  "tune.kind.binary": "0/1",
  "tune.kind.numeric": "numeric",
  "tune.parseError": "Line {line}: {message}",
  "tune.step": "Grid step",
  "tune.step.option": "{step} ({points} points)",
  "tune.metric": "Metric to maximise",
  "tune.metric.spearman": "Spearman",
  "tune.metric.pearson": "Pearson",
  "tune.metric.auc": "ROC-AUC",
  "tune.metric.aucDisabled": "ROC-AUC needs 0/1 labels",
  "tune.run": "Find the best weights",
  "tune.busy": "Tuning…",
  "tune.empty": "Paste or upload labelled pairs, or load a sample, then find the best weights.",
  "tune.best.heading": "Best weights",
  "tune.best.value": "{metric} at the best point",
  "tune.best.threshold": "Threshold",
  "tune.best.thresholdNote":
    "A pair counts as similar when its hybrid score is at least the threshold. It was chosen on these same pairs, so expect it to do a little worse on new ones.",
  "tune.best.none": "The metric is undefined at every point for these pairs.",
  "tune.apply": "Apply on the compare page",
  "tune.export": "Export JSON",
  "tune.ternary.heading": "{metric} over the weight simplex",
  "tune.ternary.intro":
    "Each cell is one (α, β, γ) with α + β + γ = 1; each corner is one mode alone. The ringed cell is the best; ties go to the larger α, then the larger β.",
  "tune.ternary.label": "Ternary heatmap of {metric} over the hybrid weights",
  "tune.ternary.recompute": "Switching the metric recomputes the whole grid in your browser from the per-pair scores.",
  "tune.point.heading": "Point",
  "tune.point.hint": "Hover or click a cell to read it.",
  "tune.point.use": "Apply these weights",
  "tune.undefined": "undefined",
  "tune.top": "Top {n} points",
  "tune.rank": "#",
  "tune.timing":
    "{pairs} pairs · {texts} distinct texts encoded in {encode} ms · grid searched in {search} ms on the server and {client} ms in your browser",
  "tune.f1": "F1",
  "tune.precision": "precision",
  "tune.recall": "recall",
} as const;

export type ManyKey = keyof typeof en;

const zh: Record<ManyKey, string> = {
  "nav.label": "页面",
  "nav.compare": "两段比较",
  "nav.matrix": "相似度矩阵",
  "nav.search": "检索检查",
  "nav.tune": "权重调优",

  "progress.label": "进度",
  "progress.sending": "正在发送……",
  "progress.encode": "正在编码文本：{done} / {total}",
  "progress.score": "正在计算分数：第 {done} / {total} 行",
  "progress.search": "正在搜索权重网格……",
  "progress.elapsed": "{s} 秒",

  "lines.count": "{n} 条文本",

  "matrix.title": "相似度矩阵",
  "matrix.tagline":
    "每段文字与其他所有文字两两比较：稠密、稀疏、ColBERT 或任意混合，并找出其中的近似重复，跨语言也可以。",
  "matrix.input.label": "文本，每行一条",
  "matrix.input.placeholder": "每行一条文本：任何语言，可混合……",
  "matrix.input.limit": "2 到 {max} 条文本",
  "matrix.samples": "示例",
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
  "matrix.heatmap.corner": "查询 ↓ 文档 →",
  "matrix.heatmap.scale": "颜色范围取自对角线以外的格子",
  "matrix.heatmap.diagonal": "对角线：每段文本与自身",
  "matrix.weights.heading": "混合权重",
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

  "search.title": "检索检查",
  "search.tagline":
    "检索到的段落真的回答了问题吗？按混合分数给候选段落排序，列出每种模式的分数，并标记得分偏低的段落。",
  "search.query.label": "查询",
  "search.query.placeholder": "一个问题或一条搜索……",
  "search.passages.label": "候选段落，每行一段",
  "search.passages.placeholder": "每行一段……",
  "search.samples": "示例",
  "search.sample.bge": "What is BGE M3?",
  "search.sample.zh": "中文问答",
  "search.run": "给段落排序",
  "search.busy": "排序中……",
  "search.threshold": "低于此分数时标记",
  "search.threshold.invalid": "阈值必须是数字。",
  "search.noQuery": "请写一个查询和至少一个段落。",
  "search.empty": "写一个查询和若干候选段落（每行一段），或选一个示例，然后排序。",
  "search.results": "排序结果",
  "search.order": "按右侧权重下的混合分数排序；拖动滑块会在这里直接重新排序，不发送请求。",
  "search.flag": "检索到的段落并没有真正回答问题",
  "search.ok": "达到阈值",
  "search.summary": "{n} 个段落中有 {ok} 个达到 {t}；{low} 个被标记。",
  "search.passage": "段落 #{i}",
  "search.hybrid": "混合",

  "tune.title": "权重调优",
  "tune.tagline": "你的数据该用哪组 α/β/γ、哪个阈值？提供带标注的文本对，逐一尝试权重单纯形上的每个点。",
  "tune.testModelNote":
    "使用内置测试模型（随机权重）时，下面的数字没有任何意义，只说明每一步都能运行。加载真正的 BAAI/bge-m3 才能真正调优。",
  "tune.input.label": "带标注的文本对：CSV、TSV 或 JSONL",
  "tune.input.help":
    "列为 text_a、text_b、label（CSV 与 TSV 需要表头行；JSONL 每行一个 JSON 对象）。标签是数字（如 0–5）或 0/1。",
  "tune.input.placeholder": "text_a,text_b,label\n我喜欢看书,I like reading books,1\n…",
  "tune.upload": "上传文件",
  "tune.samples": "示例",
  "tune.sample.binary": "0/1 同义判断（CSV）",
  "tune.sample.graded": "0–5 分相似度（JSONL）",
  "tune.parsed": "{n} 对 · {texts} 条不同文本 · {kind}标签 · {format}",
  "tune.kind.binary": "0/1 ",
  "tune.kind.numeric": "数值",
  "tune.parseError": "第 {line} 行：{message}",
  "tune.step": "网格步长",
  "tune.step.option": "{step}（{points} 个点）",
  "tune.metric": "要最大化的指标",
  "tune.metric.spearman": "Spearman",
  "tune.metric.pearson": "Pearson",
  "tune.metric.auc": "ROC-AUC",
  "tune.metric.aucDisabled": "ROC-AUC 需要 0/1 标签",
  "tune.run": "寻找最佳权重",
  "tune.busy": "调优中……",
  "tune.empty": "粘贴或上传带标注的文本对，或载入示例，然后寻找最佳权重。",
  "tune.best.heading": "最佳权重",
  "tune.best.value": "最佳点的 {metric}",
  "tune.best.threshold": "阈值",
  "tune.best.thresholdNote":
    "混合分数不低于阈值的文本对被判为相似。阈值是在同一批数据上选出的，用在新数据上通常会稍差一些。",
  "tune.best.none": "对这些文本对，每个点上的指标都没有定义。",
  "tune.apply": "在比较页使用",
  "tune.export": "导出 JSON",
  "tune.ternary.heading": "权重单纯形上的 {metric}",
  "tune.ternary.intro":
    "每个格子是一组 α + β + γ = 1 的 (α, β, γ)；每个角是单独一种模式。带圈的格子是最佳点；并列时取 α 较大者，再取 β 较大者。",
  "tune.ternary.label": "混合权重上 {metric} 的三元热力图",
  "tune.ternary.recompute": "切换指标时，整个网格会在你的浏览器中根据每对的分数重新计算。",
  "tune.point.heading": "点",
  "tune.point.hint": "悬停或点击格子以查看数值。",
  "tune.point.use": "使用这组权重",
  "tune.undefined": "无定义",
  "tune.top": "前 {n} 个点",
  "tune.rank": "#",
  "tune.timing":
    "{pairs} 对 · {texts} 条不同文本，编码 {encode} 毫秒 · 网格搜索：服务器 {search} 毫秒，浏览器 {client} 毫秒",
  "tune.f1": "F1",
  "tune.precision": "精确率",
  "tune.recall": "召回率",
};

const MANY: Readonly<Record<Lang, Record<ManyKey, string>>> = Object.freeze({ en, zh });

/** Fills `{name}` placeholders; unknown names stay as written. */
export function fillMessage(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function manyMessage(lang: Lang, key: ManyKey, vars?: Record<string, string | number>): string {
  return fillMessage(MANY[lang][key], vars);
}

/** `t` for these pages, in the language of the surrounding `I18nProvider`. */
export function useManyT(): (key: ManyKey, vars?: Record<string, string | number>) => string {
  const { lang } = useI18n();
  return useCallback((key, vars) => manyMessage(lang, key, vars), [lang]);
}
