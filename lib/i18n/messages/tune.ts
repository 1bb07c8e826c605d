/** Text of the tuning page (`/tune`): labelled pairs, the weight grid search and its results. */

const en = {
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
  "tune.sample.binary": "0/1 paraphrases (CSV)",
  "tune.sample.graded": "Graded similarity 0–5 (JSONL)",
  "tune.parsed":
    "{n, plural, one {# pair} other {# pairs}} · {texts, plural, one {# distinct text} other {# distinct texts}} · {kind} labels · {format}",
  "tune.kind.binary": "0/1",
  "tune.kind.numeric": "numeric",
  "tune.parseError": "Line {line}: {message}",
  "tune.step": "Grid step",
  "tune.step.option": "{step} ({points, plural, one {# point} other {# points}})",
  "tune.metric": "Metric to maximise",
  "tune.metric.spearman": "Spearman",
  "tune.metric.pearson": "Pearson",
  "tune.metric.auc": "ROC-AUC",
  "tune.metric.aucDisabled": "ROC-AUC needs 0/1 labels",
  "tune.run": "Find the best weights",
  "tune.busy": "Tuning…",
  "tune.empty": "Paste or upload labelled pairs, or load a sample, then find the best weights.",
  "tune.stale": "Out of date: these results are for the previous input. Run the search again to update them.",
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
  "tune.top": "Top {n, plural, one {# point} other {# points}}",
  "tune.rank": "#",
  "tune.timing":
    "{pairs, plural, one {# pair} other {# pairs}} · {texts, plural, one {# distinct text} other {# distinct texts}} encoded in {encode} ms · grid searched in {search} ms on the server and {client} ms in your browser",
  "tune.f1": "F1",
  "tune.precision": "precision",
  "tune.recall": "recall",
  "tune.edges.heading": "{metric} along each edge of the triangle",
  "tune.edges.intro":
    "Each edge mixes two modes and leaves the third out, from the first alone (left) to the second alone (right); the three share one scale, and the amber dot is the best point when it lies on an edge.",
  "tune.edges.label": "{metric} from {from} alone to {to} alone",
} as const;

const zh: Record<keyof typeof en, string> = {
  "tune.title": "权重调优",
  "tune.tagline": "你的数据该用哪组 α/β/γ、哪个阈值？提供带标注的文本对，逐一尝试权重单纯形上的每个点。",
  "tune.testModelNote":
    "使用内置测试模型（随机权重）时，下面的数字没有任何意义，只说明每一步都能运行。加载真正的 BAAI/bge-m3 才能真正调优。",
  "tune.input.label": "带标注的文本对：CSV、TSV 或 JSONL",
  "tune.input.help":
    "列为 text_a、text_b、label（CSV 与 TSV 需要表头行；JSONL 每行一个 JSON 对象）。标签是数字（如 0–5）或 0/1。",
  "tune.input.placeholder": "text_a,text_b,label\n我喜欢看书,I like reading books,1\n…",
  "tune.upload": "上传文件",
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
  "tune.stale": "已过期：这些结果属于上一次的输入。请重新搜索以更新。",
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
  "tune.edges.heading": "三角形各边上的 {metric}",
  "tune.edges.intro":
    "每条边混合两种模式、不含第三种，从只用第一种（左）到只用第二种（右）；三张图同一刻度，琥珀色点为位于边上的最佳点。",
  "tune.edges.label": "从只用 {from} 到只用 {to} 的 {metric}",
};

export const TUNE = { en, zh };
