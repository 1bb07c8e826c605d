/** Text of the coverage page (`/coverage`): how a long document is covered by its summary, passage by passage. */

const en = {
  "coverage.title": "Summary coverage",
  "coverage.tagline":
    "Which parts of a long document does its summary cover, and which does it miss? The document is cut into overlapping passages, each compared with the summary and with every summary sentence.",
  "coverage.sample.en": "Library report (English)",
  "coverage.sample.zh": "季度报告（中文）",
  "coverage.document.label": "Document",
  "coverage.document.placeholder": "Paste a long document: a report, a contract, meeting notes…",
  "coverage.document.open": "Open a .txt or .md file",
  "coverage.document.drop": "or drop one on the box.",
  "coverage.document.notText": "Only plain text files (.txt, .md) can be read here.",
  "coverage.summary.label": "Summary or question",
  "coverage.summary.placeholder": "Its summary, or a question about it…",
  "coverage.chunk": "Tokens per passage",
  "coverage.overlap": "Overlap (tokens)",
  "coverage.chunk.help":
    "The document is cut every so many tokens, on a sentence end where one is near; neighbouring passages share the overlap. 512 and 128 are the common recipe; the samples use smaller passages so a short report has several.",
  "coverage.chunk.default": "Use {chunk} / {overlap}",
  "coverage.run": "Check coverage",
  "coverage.busy": "Checking…",
  "coverage.problem.document": "Write or drop a document first.",
  "coverage.problem.summary": "Write the summary (or a question) to check the document against.",
  "coverage.problem.chunk": "Tokens per passage must be a whole number from {min} to {max}.",
  "coverage.problem.overlap": "The overlap must be a whole number of tokens, at least 0 and less than the passage.",
  "coverage.progress.score": "Scoring the passages and sentences: {done} / {total}",
  "coverage.empty": "Paste a document and its summary, or pick a sample, then check the coverage.",

  "coverage.view": "Scores to show",
  "coverage.threshold": "Supported at",
  "coverage.threshold.invalid": "The threshold must be a number.",
  "coverage.threshold.help": "A summary sentence counts as supported, and a passage as covered, from this score up.",
  "coverage.weights.intro":
    "The map, the sentences and the missed passages are recombined in your browser: moving a slider or changing the mode sends nothing.",
  "coverage.weights.invalid": "All three weights are 0: the hybrid is undefined. Move a slider above 0.",

  "coverage.map.heading": "The document as a coverage map",
  "coverage.map.intro":
    "Each passage is shaded by its {mode} score against the whole summary, from the lowest passage on screen to the highest. Where passages overlap, the text takes the better one's shade. Numbered badges mark where each passage starts.",
  "coverage.map.label": "The document, passage by passage",
  "coverage.map.level": "shade {k} of {n}",
  "coverage.map.hint": "Point at the text or move to a badge to see that passage's scores.",
  "coverage.passage": "Passage {i}",
  "coverage.passage.name":
    "Passage {i} of {n}: {mode} {score}, {level}; {tokens, plural, one {# token} other {# tokens}}; characters {start}–{end}",
  "coverage.passage.missed": "not covered by any summary sentence",
  "coverage.passage.tokens": "{n, plural, one {# token} other {# tokens}}",
  "coverage.passage.chars": "characters {start}–{end}",
  "coverage.legend.low": "lower",
  "coverage.legend.high": "higher",
  "coverage.legend.missed": "dashed badge: missed by the summary",

  "coverage.sentences.heading": "The summary, sentence by sentence",
  "coverage.sentences.intro":
    "Each sentence with the passage that supports it best and that score. A sentence no passage supports at the threshold is flagged.",
  "coverage.sentence.best": "best support:",
  "coverage.sentence.unsupported":
    "No passage supports this at the threshold: it may be unsupported by the document, or invented.",
  "coverage.sentence.supported": "supported",
  "coverage.sentences.summary":
    "{ok} of {n, plural, one {# sentence is} other {# sentences are}} supported at {t}; {low} flagged.",
  "coverage.sentences.none": "The summary has no sentence to check.",

  "coverage.missed.heading": "What the summary misses",
  "coverage.missed.intro":
    "Passages that no summary sentence reaches the threshold on, in document order: parts the summary may leave out.",
  "coverage.missed.none": "Every passage is covered by at least one summary sentence at {t}.",
  "coverage.missed.count": "{n, plural, one {# passage} other {# passages}} of {total} not covered",
  "coverage.missed.best": "closest sentence: {score}",
  "coverage.show": "Show {passage} in the document",

  "coverage.doc.heading": "The document as a whole",
  "coverage.doc.intro": "Three ways to score the whole document against the summary, side by side.",
  "coverage.doc.whole": "Whole document at once",
  "coverage.doc.whole.what":
    "The document read as one input, up to {max, plural, one {# token} other {# tokens}}, and compared with the summary.",
  "coverage.doc.whole.full": "All {tokens, plural, one {# token} other {# tokens}} were read.",
  "coverage.doc.whole.truncated":
    "Truncated: the document is longer than {max, plural, one {# token} other {# tokens}}, so only its first {tokens} were read.",
  "coverage.doc.mean": "Mean of the passage vectors",
  "coverage.doc.mean.what":
    "The passages' dense vectors averaged into one, compared with the summary's (dense only, whatever mode is chosen).",
  "coverage.doc.best": "Best passage",
  "coverage.doc.best.what": "The single passage closest to the summary: high when one part says it all.",
  "coverage.doc.bestIs": "{passage}",

  "coverage.export.csv": "Export CSV",
  "coverage.export.json": "Export JSON",
  "coverage.export.hint": "Passages with their offsets, tokens, every score (hybrid with these weights) and text.",
  "coverage.details":
    "{n, plural, one {# passage} other {# passages}} of up to {chunk, plural, one {# token} other {# tokens}}, {overlap} shared · {ms} ms on the server (encode {encode} ms, scores {score} ms)",
} as const;

const zh: Record<keyof typeof en, string> = {
  "coverage.title": "摘要覆盖度",
  "coverage.tagline":
    "长文档的哪些部分被摘要覆盖了，哪些被遗漏了？文档被切成相互重叠的段落，每段都与整篇摘要以及摘要中的每一句比较。",
  "coverage.sample.en": "Library report (English)",
  "coverage.sample.zh": "季度报告（中文）",
  "coverage.document.label": "文档",
  "coverage.document.placeholder": "粘贴一篇长文档：报告、合同、会议记录……",
  "coverage.document.open": "打开 .txt 或 .md 文件",
  "coverage.document.drop": "或把文件拖到文本框里。",
  "coverage.document.notText": "这里只能读取纯文本文件（.txt、.md）。",
  "coverage.summary.label": "摘要或问题",
  "coverage.summary.placeholder": "它的摘要，或关于它的一个问题……",
  "coverage.chunk": "每段词元数",
  "coverage.overlap": "重叠词元数",
  "coverage.chunk.help":
    "文档每隔这么多词元切一段，附近有句末时就在句末切；相邻段落共享重叠部分。常见做法是 512 和 128；示例用较短的段落，让短报告也能分成几段。",
  "coverage.chunk.default": "改用 {chunk} / {overlap}",
  "coverage.run": "检查覆盖度",
  "coverage.busy": "检查中……",
  "coverage.problem.document": "请先填写或拖入一篇文档。",
  "coverage.problem.summary": "请填写用来对照文档的摘要（或问题）。",
  "coverage.problem.chunk": "每段词元数必须是 {min} 到 {max} 之间的整数。",
  "coverage.problem.overlap": "重叠词元数必须是整数，不小于 0，且小于每段词元数。",
  "coverage.progress.score": "正在为段落和句子计分：{done} / {total}",
  "coverage.empty": "粘贴一篇文档和它的摘要，或选一个示例，然后检查覆盖度。",

  "coverage.view": "显示的分数",
  "coverage.threshold": "支持阈值",
  "coverage.threshold.invalid": "阈值必须是数字。",
  "coverage.threshold.help": "分数达到此值时，摘要句算作有依据，段落算作被覆盖。",
  "coverage.weights.intro": "覆盖图、逐句结果和遗漏段落都在浏览器里重新计算：拖动滑块或切换模式不会发送请求。",
  "coverage.weights.invalid": "三个权重都是 0：混合分数没有定义。请把一个滑块调到 0 以上。",

  "coverage.map.heading": "文档覆盖图",
  "coverage.map.intro":
    "每个段落按它与整篇摘要的{mode}分数着色，从屏幕上最低的段落到最高的段落。段落重叠处取分数较高者的颜色。带编号的标记表示每段的起点。",
  "coverage.map.label": "逐段显示的文档",
  "coverage.map.level": "第 {k} / {n} 级颜色",
  "coverage.map.hint": "把指针移到文字上，或把焦点移到编号标记上，即可查看该段的分数。",
  "coverage.passage": "第 {i} 段",
  "coverage.passage.name": "第 {i} 段（共 {n} 段）：{mode} {score}，{level}；{tokens} 个词元；字符 {start}–{end}",
  "coverage.passage.missed": "没有任何摘要句覆盖",
  "coverage.passage.tokens": "{n} 个词元",
  "coverage.passage.chars": "字符 {start}–{end}",
  "coverage.legend.low": "较低",
  "coverage.legend.high": "较高",
  "coverage.legend.missed": "虚线标记：摘要遗漏的段落",

  "coverage.sentences.heading": "摘要逐句检查",
  "coverage.sentences.intro": "每一句及最能支持它的段落和分数。没有任何段落达到阈值的句子会被标记。",
  "coverage.sentence.best": "最佳依据：",
  "coverage.sentence.unsupported": "没有段落在阈值以上支持这句话：文档里可能没有依据，或是编造的内容。",
  "coverage.sentence.supported": "有依据",
  "coverage.sentences.summary": "{n} 句中有 {ok} 句在 {t} 以上有依据；{low} 句被标记。",
  "coverage.sentences.none": "摘要中没有可检查的句子。",

  "coverage.missed.heading": "摘要遗漏了什么",
  "coverage.missed.intro": "没有任何摘要句达到阈值的段落，按文档顺序列出：摘要可能略去的部分。",
  "coverage.missed.none": "每个段落都至少被一句摘要以 {t} 以上的分数覆盖。",
  "coverage.missed.count": "{total} 段中有 {n} 段未被覆盖",
  "coverage.missed.best": "最接近的句子：{score}",
  "coverage.show": "在文档中查看{passage}",

  "coverage.doc.heading": "整篇文档",
  "coverage.doc.intro": "把整篇文档与摘要比较的三种方法，并排列出。",
  "coverage.doc.whole": "整篇一次编码",
  "coverage.doc.whole.what": "把文档作为一个输入读取（最多 {max} 个词元），再与摘要比较。",
  "coverage.doc.whole.full": "全部 {tokens} 个词元都已读取。",
  "coverage.doc.whole.truncated": "已截断：文档超过 {max} 个词元，只读取了前 {tokens} 个。",
  "coverage.doc.mean": "段落向量的平均",
  "coverage.doc.mean.what": "把各段的稠密向量平均成一个，再与摘要的向量比较（只有稠密分数，与所选模式无关）。",
  "coverage.doc.best": "最佳段落",
  "coverage.doc.best.what": "与摘要最接近的单个段落：某一段就能概括全部时分数会很高。",
  "coverage.doc.bestIs": "{passage}",

  "coverage.export.csv": "导出 CSV",
  "coverage.export.json": "导出 JSON",
  "coverage.export.hint": "各段落的偏移、词元数、全部分数（混合分数按当前权重）和文本。",
  "coverage.details":
    "{n} 个段落，每段最多 {chunk} 个词元、重叠 {overlap} 个 · 服务器用时 {ms} 毫秒（编码 {encode} 毫秒，计分 {score} 毫秒）",
};

export const COVERAGE = { en, zh };
