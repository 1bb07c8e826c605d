/** Text of the retrieval check (`/search`): candidate passages ranked against one query. */

const en = {
  "search.title": "Retrieval check",
  "search.tagline":
    "Does the retrieved passage really answer the question? Rank candidate passages by hybrid score, with every mode's score, and flag the weak ones.",
  "search.query.label": "Query",
  "search.query.placeholder": "A question or a search query…",
  "search.passages.label": "Candidate passages, one per line",
  "search.passages.placeholder": "One passage per line…",
  "search.sample.bge": "What is BGE M3?",
  "search.sample.zh": "中文问答",
  "search.run": "Rank the passages",
  "search.busy": "Ranking…",
  "search.threshold": "Flag passages below",
  "search.threshold.invalid": "The threshold must be a number.",
  "search.noQuery": "Write a query and at least one passage.",
  "search.empty": "Write a query and candidate passages (one per line), or pick a sample, then rank them.",
  "search.results": "Ranking",
  "search.rank": "rank {n}",
  "search.order":
    "Sorted by hybrid score with the weights on the right; moving a slider re-ranks here, without a request.",
  "search.weights.invalid": "All three weights are 0: the hybrid ranking is undefined.",
  "search.flag": "below your threshold: check whether it answers the query",
  "search.ok": "at or above your threshold",
  "search.summary": "{ok} of {n, plural, one {# passage reaches} other {# passages reach}} {t}; {low} flagged.",
  "search.passage": "passage {i}",
} as const;

const zh: Record<keyof typeof en, string> = {
  "search.title": "检索检查",
  "search.tagline":
    "检索到的段落真的回答了问题吗？按混合分数给候选段落排序，列出每种模式的分数，并标记得分偏低的段落。",
  "search.query.label": "查询",
  "search.query.placeholder": "一个问题或一条搜索……",
  "search.passages.label": "候选段落，每行一段",
  "search.passages.placeholder": "每行一段……",
  "search.sample.bge": "What is BGE M3?",
  "search.sample.zh": "中文问答",
  "search.run": "给段落排序",
  "search.busy": "排序中……",
  "search.threshold": "低于此分数时标记",
  "search.threshold.invalid": "阈值必须是数字。",
  "search.noQuery": "请写一个查询和至少一个段落。",
  "search.empty": "写一个查询和若干候选段落（每行一段），或选一个示例，然后排序。",
  "search.results": "排序结果",
  "search.rank": "第 {n} 名",
  "search.order": "按右侧权重下的混合分数排序；拖动滑块会在这里直接重新排序，不发送请求。",
  "search.weights.invalid": "三个权重都是 0：混合排序没有定义。",
  "search.flag": "低于你设的阈值：请检查它是否回答了查询",
  "search.ok": "达到你设的阈值",
  "search.summary": "{n} 个段落中有 {ok} 个达到 {t}；{low} 个被标记。",
  "search.passage": "第 {i} 段",
};

export const SEARCH = { en, zh };
