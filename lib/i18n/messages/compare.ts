/** Text of the compare page (`/`): two texts, their scores, bands, the MaxSim heatmap and the shared words. */

const en = {
  "app.tagline":
    "How close are two texts, in meaning and in words? bge-m3's dense, sparse and ColBERT scores, on this machine's CPU.",

  "examples.label": "Try an example",
  "examples.zh-paraphrase": "Chinese paraphrase",
  "examples.cross-lingual": "Chinese ↔ English",
  "examples.flagembedding": "FlagEmbedding's pair",
  "examples.keywords": "Keyword-heavy",
  "examples.long": "Long text",

  "input.a.label": "Query",
  "input.a.sub": "text a",
  "input.a.placeholder": "A question, a sentence, a search query…",
  "input.b.label": "Candidate",
  "input.b.sub": "text b",
  "input.b.placeholder": "…and the text to compare it with.",
  "input.chars": "{n, plural, one {# character} other {# characters}}",
  "input.empty": "Write something in both boxes.",
  "input.swap": "Swap texts",
  "compare.button": "Compare",
  "compare.busy": "Comparing…",
  "compare.shortcut": "or Ctrl + Enter",

  "forecast.tokens": "{label}: {n, plural, one {# token} other {# tokens}}",
  "forecast.tokensCut": "{label}: {n, plural, one {# token} other {# tokens}} (cut from {before})",
  "forecast.estimate": "about {time} on this machine",
  "forecast.unavailable": "Token counts unavailable: {message}",
  "duration.seconds": "{s} s",
  "duration.minutes": "{m} min",
  "duration.minutesSeconds": "{m} min {s} s",

  "modes.label": "Score to show",
  "mode.dense.what": "Cosine of the two whole-text vectors: overall meaning.",
  "mode.sparse.what": "Sum of weight × weight over the tokens both texts share: exact word overlap. Not bounded by 1.",
  "mode.colbert.what": "Each query token's best match in the candidate, averaged: fine-grained matching.",
  "mode.hybrid.what": "α·dense + β·sparse + γ·ColBERT, with the weights normalised to sum 1.",
  "score.selected": "{mode} score",
  "score.unbounded": "not bounded by 1",
  "score.unavailable": "—",

  "truncation.title": "Not all of the text was compared",
  "truncation.one":
    "{label} (text {side}) was cut to its first {after, plural, one {# token} other {# tokens}} (of {before}): the score compares only that part.",
  "truncation.both":
    "Both texts were cut, text a to its first {afterA, plural, one {# token} other {# tokens}} (of {beforeA}) and text b to its first {afterB, plural, one {# token} other {# tokens}} (of {beforeB}): the score compares only those parts.",
  "truncation.identical": "The parts that were compared are the same, token for token.",
  "truncation.hint":
    "bge-m3 reads at most {max, plural, one {# token} other {# tokens}} of a text; compare shorter sections to cover the rest.",

  "band.same": "nearly the same meaning",
  "band.related": "related",
  "band.weak": "weakly related",
  "band.unrelated": "unrelated",
  "band.label": "In plain words",
  "band.sparseCaveat": "Sparse scores are not on a 0–1 scale, so a band on them is only a rough guide.",
  "band.scale": "Band scale from 0 to 1 with the thresholds marked",
  "thresholds.edit": "Edit the thresholds",
  "thresholds.same": "Nearly the same from",
  "thresholds.related": "Related from",
  "thresholds.weak": "Weakly related from",
  "thresholds.reset": "Reset to 0.85 / 0.60 / 0.30",
  "thresholds.not_finite": "Each threshold must be a number.",
  "thresholds.out_of_order": "Thresholds must rise: weakly related < related < nearly the same.",
  "thresholds.kept": "The last valid thresholds stay in use until this is fixed.",

  "weights.intro": "Every score updates at once, in your browser: moving a slider sends nothing to the server.",
  "weights.formula": "How the hybrid is made",
  "weights.sparseNote":
    "Sparse enters the hybrid as it is, not rescaled to 0–1: here {w} × {s} adds {c}. With many shared keywords it can lift the hybrid above 1.",

  "heatmap.heading": "Which tokens matched",
  "heatmap.sub": "ColBERT MaxSim",
  "heatmap.intro":
    "Each cell is how similar a query token (row) is to a candidate token (column). A dot marks each row's best match; the ColBERT score is the mean of those row maxima.",
  "heatmap.label": "MaxSim heatmap: query tokens down, candidate tokens across",
  "heatmap.rows": "query ↓",
  "heatmap.cols": "candidate →",
  "heatmap.keyboard": "Focus the grid and use the arrow keys to read cells; Enter selects the tokens.",
  "heatmap.large": "{rows} × {cols} tokens, drawn as an image. Hover to read a cell; scroll sideways for the rest.",
  "heatmap.aggregated":
    "{rows} × {cols} tokens: each block shows the highest of up to {br} × {bc} cells, so the page stays fast. Hover a block to see its best pair.",
  "heatmap.empty": "No ColBERT vectors to compare.",
  "heatmap.omitted": "These texts are too long to draw every token pair",

  "tokens.heading": "Tokens in the original text",
  "tokens.hint": "Click a token here or on the heatmap to highlight it in the text.",
  "tokens.special": "{token} is a special token: it has no characters in the text.",
  "tokens.selected": "{token}: characters {start}–{end}",
  "tokens.clear": "Clear",

  "sparse.heading": "Shared words",
  "sparse.sub": "sparse",
  "sparse.intro":
    "bge-m3 gives each token of a text a weight. The sparse score adds up query weight × candidate weight over the tokens both texts contain.",
  "sparse.token": "Token",
  "sparse.a": "Query weight",
  "sparse.b": "Candidate weight",
  "sparse.product": "Product",
  "sparse.total": "Sum = sparse score",
  "sparse.none":
    "No weighted token appears in both texts, so the sparse score is 0. Dense and ColBERT can still find shared meaning, across languages too.",
  "sparse.counts":
    "{a, plural, one {# weighted token} other {# weighted tokens}} in the query, {b} in the candidate, {shared} shared.",
  "sparse.showAll": "Show all {n}",
  "sparse.showFewer": "Show fewer",

  "details.tokens": "{label}: {n, plural, one {# token} other {# tokens}}",
  "details.truncated": "truncated from {before} (limit {max})",
  "details.latency": "{ms} ms on the server (encode {encode} ms)",
  "details.model": "model {name}",
  "details.dim": "{d, plural, one {# dimension} other {# dimensions}}",
  "details.testModel": "test model",
  "details.recombined": "Weights and modes are recombined in the browser",

  "state.loading": "Encoding both texts…",
  "state.elapsed": "{clock} elapsed",
  "state.elapsedOf": "{clock} of about {time}",
  "state.slow": "Long texts take a while on a CPU.",
  "state.cancel": "Cancel",
  "state.cancelName": "Cancel this comparison",
  "state.cancelled": "Cancelled after {clock}.",
  "state.cancelledPrevious": "The results below are still those of the previous comparison.",
  "state.cancelledNone": "Nothing was compared. Press Compare to run it again.",
  "state.emptyTitle": "Compare two texts",
  "state.emptyBody": "Pick an example above or write your own, then press Compare.",

  "footer.note": "Scores come from bge-m3 on this server; weights and bands are applied in your browser.",
} as const;

const zh: Record<keyof typeof en, string> = {
  "app.tagline": "两段文字有多接近？看 bge-m3 的稠密、稀疏与 ColBERT 分数——在本机 CPU 上计算。",

  "examples.label": "试试示例",
  "examples.zh-paraphrase": "中文同义改写",
  "examples.cross-lingual": "中英跨语言",
  "examples.flagembedding": "FlagEmbedding 示例",
  "examples.keywords": "关键词密集",
  "examples.long": "长文本",

  "input.a.label": "查询",
  "input.a.sub": "文本 a",
  "input.a.placeholder": "一个问题、一句话、一条搜索……",
  "input.b.label": "候选",
  "input.b.sub": "文本 b",
  "input.b.placeholder": "……以及要与之比较的文本。",
  "input.chars": "{n} 个字符",
  "input.empty": "请在两个框里都写点内容。",
  "input.swap": "交换两段文本",
  "compare.button": "比较",
  "compare.busy": "计算中……",
  "compare.shortcut": "或按 Ctrl + Enter",

  "forecast.tokens": "{label}：{n, plural, other {# 个词元}}",
  "forecast.tokensCut": "{label}：{n, plural, other {# 个词元}}（由 {before} 个截断）",
  "forecast.estimate": "本机约需 {time}",
  "forecast.unavailable": "无法计算词元数：{message}",
  "duration.seconds": "{s} 秒",
  "duration.minutes": "{m} 分钟",
  "duration.minutesSeconds": "{m} 分 {s} 秒",

  "modes.label": "显示哪种分数",
  "mode.dense.what": "两段文本整体向量的余弦：整体语义。",
  "mode.sparse.what": "两段文本共有词元的权重乘积之和：字面重合。上限不是 1。",
  "mode.colbert.what": "查询中每个词元在候选中的最佳匹配，取平均：细粒度匹配。",
  "mode.hybrid.what": "α·稠密 + β·稀疏 + γ·ColBERT，权重归一化为和为 1。",
  "score.selected": "{mode}分数",
  "score.unbounded": "上限不是 1",
  "score.unavailable": "—",

  "truncation.title": "部分文本没有参与比较",
  "truncation.one":
    "{label}（文本 {side}）被截断为前 {after, plural, other {# 个词元}}（共 {before} 个）：分数只比较了这一部分。",
  "truncation.both":
    "两段文本都被截断：文本 a 保留前 {afterA, plural, other {# 个词元}}（共 {beforeA} 个），文本 b 保留前 {afterB, plural, other {# 个词元}}（共 {beforeB} 个）：分数只比较了这些部分。",
  "truncation.identical": "参与比较的两部分逐个词元完全相同。",
  "truncation.hint": "bge-m3 每段文本最多读取 {max, plural, other {# 个词元}}；如需覆盖其余内容，请分段比较。",

  "band.same": "几乎同义",
  "band.related": "语义相关",
  "band.weak": "弱相关",
  "band.unrelated": "基本无关",
  "band.label": "用大白话说",
  "band.sparseCaveat": "稀疏分数不在 0–1 区间内，对它划分的区间只能粗略参考。",
  "band.scale": "0 到 1 的区间刻度，标出了各阈值",
  "thresholds.edit": "调整阈值",
  "thresholds.same": "几乎同义，自",
  "thresholds.related": "语义相关，自",
  "thresholds.weak": "弱相关，自",
  "thresholds.reset": "恢复 0.85 / 0.60 / 0.30",
  "thresholds.not_finite": "每个阈值都必须是数字。",
  "thresholds.out_of_order": "阈值须递增：弱相关 < 语义相关 < 几乎同义。",
  "thresholds.kept": "修正之前，继续使用上一组有效阈值。",

  "weights.intro": "所有分数都在浏览器里即时更新：拖动滑块不会向服务器发送任何请求。",
  "weights.formula": "混合分数的构成",
  "weights.sparseNote":
    "稀疏分数按原值进入混合分数，不会缩放到 0–1：此处 {w} × {s} 贡献了 {c}。共有关键词很多时，混合分数可能超过 1。",

  "heatmap.heading": "哪些词元相互匹配",
  "heatmap.sub": "ColBERT MaxSim",
  "heatmap.intro":
    "每个格子表示一个查询词元（行）与一个候选词元（列）有多相似。圆点标出每行的最佳匹配；ColBERT 分数就是这些行最大值的平均。",
  "heatmap.label": "MaxSim 热力图：查询词元为行，候选词元为列",
  "heatmap.rows": "查询 ↓",
  "heatmap.cols": "候选 →",
  "heatmap.keyboard": "聚焦网格后用方向键读取格子；按 Enter 选中对应词元。",
  "heatmap.large": "{rows} × {cols} 个词元，以图像绘制。悬停读取数值，横向滚动查看其余部分。",
  "heatmap.aggregated":
    "{rows} × {cols} 个词元：每个色块显示最多 {br} × {bc} 个格子中的最大值，页面因此保持流畅。悬停色块可看到其中最佳的一对。",
  "heatmap.empty": "没有可比较的 ColBERT 向量。",
  "heatmap.omitted": "文本太长，无法绘制每一对词元",

  "tokens.heading": "原文中的词元",
  "tokens.hint": "点击这里或热力图上的词元，即可在原文中高亮。",
  "tokens.special": "{token} 是特殊词元，在原文中没有对应字符。",
  "tokens.selected": "{token}：第 {start}–{end} 个字符",
  "tokens.clear": "清除",

  "sparse.heading": "共有词",
  "sparse.sub": "稀疏",
  "sparse.intro": "bge-m3 为文本中的每个词元打一个权重。稀疏分数把两段文本共有词元的「查询权重 × 候选权重」加起来。",
  "sparse.token": "词元",
  "sparse.a": "查询权重",
  "sparse.b": "候选权重",
  "sparse.product": "乘积",
  "sparse.total": "合计 = 稀疏分数",
  "sparse.none":
    "没有带权重的词元同时出现在两段文本中，所以稀疏分数为 0。稠密与 ColBERT 仍能发现共同语义，跨语言也可以。",
  "sparse.counts": "查询有 {a} 个带权重词元，候选有 {b} 个，共有 {shared} 个。",
  "sparse.showAll": "显示全部 {n} 个",
  "sparse.showFewer": "收起",

  "details.tokens": "{label}：{n} 个词元",
  "details.truncated": "已从 {before} 个截断（上限 {max}）",
  "details.latency": "服务器耗时 {ms} 毫秒（编码 {encode} 毫秒）",
  "details.model": "模型 {name}",
  "details.dim": "{d} 维",
  "details.testModel": "测试模型",
  "details.recombined": "权重与模式在浏览器中重新组合",

  "state.loading": "正在编码两段文本……",
  "state.elapsed": "已用 {clock}",
  "state.elapsedOf": "已用 {clock}，预计约 {time}",
  "state.slow": "长文本在 CPU 上需要一些时间。",
  "state.cancel": "取消",
  "state.cancelName": "取消这次比较",
  "state.cancelled": "已在 {clock} 后取消。",
  "state.cancelledPrevious": "下面仍是上一次比较的结果。",
  "state.cancelledNone": "没有完成比较。点击「比较」可重新运行。",
  "state.emptyTitle": "比较两段文字",
  "state.emptyBody": "在上方选一个示例或自己输入，然后点击「比较」。",

  "footer.note": "分数由本服务器上的 bge-m3 计算；权重与区间在你的浏览器中应用。",
};

export const COMPARE = { en, zh };
