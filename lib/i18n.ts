/**
 * Every piece of interface text, in English and Chinese, in one place.
 * Placeholders are written `{name}` and filled by `translate`; a number is written in the language's digits and
 * grouping (Intl.NumberFormat). A count that changes the words is written `{n, plural, one {# token} other {# tokens}}`
 * (a subset of ICU MessageFormat): Intl.PluralRules picks the branch and `#` is the formatted number. Example texts
 * are content, not interface text, and live in `lib/ui/examples.ts`.
 */

export const LANGS = ["en", "zh"] as const;
export type Lang = (typeof LANGS)[number];

/** Cookie that remembers the interface language between visits. */
export const LANG_COOKIE = "bge-m3-lang";

const en = {
  "app.title": "bge-m3 Studio",
  "app.tagline":
    "How close are two texts, in meaning and in words? bge-m3's dense, sparse and ColBERT scores, on this machine's CPU.",
  "lang.label": "Interface language",
  "banner.testModel": "Test model with random weights: scores mean nothing about language",
  "banner.testModelDetail":
    "Every code path runs, but the numbers are noise. Put the official BAAI/bge-m3 files in models/bge-m3 for real scores.",
  "banner.unverified": "Unverified model files: they may be the random-weight test model",
  "banner.unverifiedDetail":
    "BGE_M3_VERIFY=0 skipped the check against the model's manifest, so nothing says which model this is. Unset it to check the files.",

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
  "input.chars": "{n} characters",
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
  "mode.dense": "Dense",
  "mode.sparse": "Sparse",
  "mode.colbert": "ColBERT",
  "mode.hybrid": "Hybrid",
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

  "weights.heading": "Hybrid weights",
  "weights.intro": "Every score updates at once, in your browser: moving a slider sends nothing to the server.",
  "weights.presets": "Presets",
  "weight.dense": "α dense",
  "weight.sparse": "β sparse",
  "weight.colbert": "γ ColBERT",
  "weights.effective": "effective",
  "weights.effectiveBar": "Effective weights, normalised to sum 1",
  "weights.contrib": "What each mode adds to the hybrid",
  "weights.aboveOne": "The bar runs past 1 because sparse is unbounded.",
  "weights.allZero": "All three weights are 0. Move at least one slider above 0 to get a hybrid score.",
  "weights.formula": "How the hybrid is made",
  "weights.sparseNote":
    "Sparse enters the hybrid as it is, not rescaled to 0–1: here {w} × {s} adds {c}. With many shared keywords it can lift the hybrid above 1.",
  "preset.flagembedding": "FlagEmbedding",
  "preset.general": "General",
  "preset.keywords": "Keywords",
  "preset.long": "Long documents",
  "preset.precision": "High precision",

  "heatmap.heading": "Which tokens matched",
  "heatmap.sub": "ColBERT MaxSim",
  "heatmap.intro":
    "Each cell is how similar a query token (row) is to a candidate token (column). A dot marks each row's best match; the ColBERT score is the mean of those row maxima.",
  "heatmap.label": "MaxSim heatmap: query tokens down, candidate tokens across",
  "heatmap.rows": "query ↓",
  "heatmap.cols": "candidate →",
  "heatmap.value": "similarity",
  "heatmap.rowBest": "best match in its row",
  "heatmap.low": "low",
  "heatmap.high": "high",
  "heatmap.keyboard": "Focus the grid and use the arrow keys to read cells; Enter selects the tokens.",
  "heatmap.large": "{rows} × {cols} tokens, drawn as an image. Hover to read a cell; scroll sideways for the rest.",
  "heatmap.aggregated":
    "{rows} × {cols} tokens: each block shows the highest of up to {br} × {bc} cells, so the page stays fast. Hover a block to see its best pair.",
  "heatmap.block": "block of rows {r0}–{r1} × columns {c0}–{c1}",
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
  "sparse.counts": "{a} weighted tokens in the query, {b} in the candidate, {shared} shared.",
  "sparse.showAll": "Show all {n}",
  "sparse.showFewer": "Show fewer",

  "details.tokens": "{label}: {n} tokens",
  "details.truncated": "truncated from {before} (limit {max})",
  "details.latency": "{ms} ms on the server (encode {encode} ms)",
  "details.model": "model {name}",
  "details.dim": "{d} dimensions",
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
  "error.400": "The server could not use this input",
  "error.413": "The texts are too long for one request",
  "error.415": "The request was not sent as JSON",
  "error.busy": "The server is busy right now",
  "error.503": "The model is not ready yet",
  "error.500": "Something went wrong on the server",
  "error.network": "Could not reach the server",
  "error.bad_response": "The server answered with something unexpected",
  "error.hint.retry": "It usually passes in a few seconds. Try again.",
  "error.hint.input": "Change the text and compare again.",
  "error.hint.network": "Check that the server is running, then try again.",
  "error.field": "field “{field}”",
  "error.retry": "Try again",

  "footer.note": "Scores come from bge-m3 on this server; weights and bands are applied in your browser.",
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

const zh: Messages = {
  "app.title": "bge-m3 Studio",
  "app.tagline": "两段文字有多接近？看 bge-m3 的稠密、稀疏与 ColBERT 分数——在本机 CPU 上计算。",
  "lang.label": "界面语言",
  "banner.testModel": "测试模型（随机权重）：分数与语言含义无关",
  "banner.testModelDetail":
    "所有流程都能运行，但数字只是噪声。把 BAAI/bge-m3 官方文件放到 models/bge-m3 即可得到真实分数。",
  "banner.unverified": "模型文件未经校验：可能是随机权重的测试模型",
  "banner.unverifiedDetail": "BGE_M3_VERIFY=0 跳过了按清单校验文件，因此无法确认这是哪个模型。取消该设置即可校验文件。",

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
  "mode.dense": "稠密",
  "mode.sparse": "稀疏",
  "mode.colbert": "ColBERT",
  "mode.hybrid": "混合",
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

  "weights.heading": "混合权重",
  "weights.intro": "所有分数都在浏览器里即时更新：拖动滑块不会向服务器发送任何请求。",
  "weights.presets": "预设",
  "weight.dense": "α 稠密",
  "weight.sparse": "β 稀疏",
  "weight.colbert": "γ ColBERT",
  "weights.effective": "实际占比",
  "weights.effectiveBar": "实际权重，归一化为和为 1",
  "weights.contrib": "各模式对混合分数的贡献",
  "weights.aboveOne": "稀疏分数没有上限，所以这条总和超过了 1。",
  "weights.allZero": "三个权重都是 0。请至少把一个滑块调到 0 以上，才能得到混合分数。",
  "weights.formula": "混合分数的构成",
  "weights.sparseNote":
    "稀疏分数按原值进入混合分数，不会缩放到 0–1：此处 {w} × {s} 贡献了 {c}。共有关键词很多时，混合分数可能超过 1。",
  "preset.flagembedding": "FlagEmbedding",
  "preset.general": "通用",
  "preset.keywords": "关键词",
  "preset.long": "长文档",
  "preset.precision": "高精度",

  "heatmap.heading": "哪些词元相互匹配",
  "heatmap.sub": "ColBERT MaxSim",
  "heatmap.intro":
    "每个格子表示一个查询词元（行）与一个候选词元（列）有多相似。圆点标出每行的最佳匹配；ColBERT 分数就是这些行最大值的平均。",
  "heatmap.label": "MaxSim 热力图：查询词元为行，候选词元为列",
  "heatmap.rows": "查询 ↓",
  "heatmap.cols": "候选 →",
  "heatmap.value": "相似度",
  "heatmap.rowBest": "本行最佳匹配",
  "heatmap.low": "低",
  "heatmap.high": "高",
  "heatmap.keyboard": "聚焦网格后用方向键读取格子；按 Enter 选中对应词元。",
  "heatmap.large": "{rows} × {cols} 个词元，以图像绘制。悬停读取数值，横向滚动查看其余部分。",
  "heatmap.aggregated":
    "{rows} × {cols} 个词元：每个色块显示最多 {br} × {bc} 个格子中的最大值，页面因此保持流畅。悬停色块可看到其中最佳的一对。",
  "heatmap.block": "第 {r0}–{r1} 行 × 第 {c0}–{c1} 列的色块",
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
  "error.400": "服务器无法处理这个输入",
  "error.413": "文本太长，一次请求放不下",
  "error.415": "请求没有以 JSON 发送",
  "error.busy": "服务器正忙",
  "error.503": "模型尚未就绪",
  "error.500": "服务器出错了",
  "error.network": "无法连接服务器",
  "error.bad_response": "服务器返回了意料之外的内容",
  "error.hint.retry": "通常几秒后就好。请重试。",
  "error.hint.input": "修改文本后再比较一次。",
  "error.hint.network": "请确认服务器正在运行，然后重试。",
  "error.field": "字段「{field}」",
  "error.retry": "重试",

  "footer.note": "分数由本服务器上的 bge-m3 计算；权重与区间在你的浏览器中应用。",
};

export const MESSAGES: Readonly<Record<Lang, Messages>> = Object.freeze({ en, zh });

/** The BCP 47 locale each interface language formats numbers in. */
export const LOCALES: Readonly<Record<Lang, string>> = Object.freeze({ en: "en-US", zh: "zh-CN" });

const NUMBER_FORMATS: Readonly<Record<Lang, Intl.NumberFormat>> = Object.freeze({
  en: new Intl.NumberFormat(LOCALES.en),
  zh: new Intl.NumberFormat(LOCALES.zh),
});
const PLURAL_RULES: Readonly<Record<Lang, Intl.PluralRules>> = Object.freeze({
  en: new Intl.PluralRules(LOCALES.en),
  zh: new Intl.PluralRules(LOCALES.zh),
});

/** `n` in `lang`'s digits and grouping: 8192 → "8,192". */
export function formatNumber(lang: Lang, n: number): string {
  return NUMBER_FORMATS[lang].format(n);
}

const PLURAL = /\{(\w+), plural,((?:\s*[\w=]+\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /([\w=]+)\s*\{([^{}]*)\}/g;

/** The branch of a `{n, plural, …}` for `n`: an exact `=n` first, then its plural category, then `other`. */
function pluralBranch(lang: Lang, branches: string, n: number): string | undefined {
  const byName = new Map([...branches.matchAll(BRANCH)].map((m) => [m[1]!, m[2]!]));
  return byName.get(`=${n}`) ?? byName.get(PLURAL_RULES[lang].select(n)) ?? byName.get("other");
}

/** Fills `text`'s plurals and placeholders from `vars` (see the top of this file); unknown names stay as written. */
export function formatMessage(lang: Lang, text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text;
  const plurals = text.replace(PLURAL, (whole, name: string, branches: string) => {
    const n = vars[name];
    const branch = typeof n === "number" ? pluralBranch(lang, branches, n) : undefined;
    return branch === undefined ? whole : branch.replaceAll("#", formatNumber(lang, n as number));
  });
  return plurals.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : typeof v === "number" ? formatNumber(lang, v) : v;
  });
}

/** The message for `key` in `lang`, filled from `vars` by `formatMessage`. */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  return formatMessage(lang, MESSAGES[lang][key], vars);
}

export function isLang(x: unknown): x is Lang {
  return typeof x === "string" && (LANGS as readonly string[]).includes(x);
}

/** The interface language for a visit: the remembered choice, else Chinese when the browser prefers it, else English. */
export function pickLang(cookie: string | undefined, acceptLanguage: string | null | undefined): Lang {
  if (isLang(cookie)) return cookie;
  const first = (acceptLanguage ?? "").split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("zh") ? "zh" : "en";
}
