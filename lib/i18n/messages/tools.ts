/** Text of the tools several pages share: "Copy as code", the history of recent comparisons, file drops. */

const en = {
  "code.heading": "Copy as code",
  "code.intro":
    "The same request, to send from a terminal or a script. Its body is exactly what this page asks for, with the weights you set.",
  "code.lang": "Language",
  "code.lang.curl": "curl",
  "code.lang.python": "Python",
  "code.lang.javascript": "JavaScript",
  "code.copy": "Copy",
  "code.copied": "Copied",
  "code.key": "This server needs an API key: put yours in the environment variable {name} before running it.",

  "history.heading": "Recent comparisons",
  "history.intro": "Kept in this browser only (the last {n}). Click one to restore its texts, mode and weights.",
  "history.clear": "Clear history",
  "history.empty": "Comparisons you run appear here.",
  "history.restore": "Restore: {a} ↔ {b}",

  "drop.hint": "Drop a file here ({types}), or",
  "drop.type": ".{extension}",
  "drop.type.lines": ".{extension} one per line",
  "drop.open": "open a file",
  "drop.active": "Drop the file to load its lines",
  "drop.loaded": "Loaded {n, plural, one {# line} other {# lines}} from {file}.",
  "drop.empty": "{file} has no text in it.",
  "drop.unreadable": "{file} could not be read.",
  "drop.json": "{file} is not valid JSON.",
  "drop.csv": "{file} is not valid CSV:",
  "drop.tsv": "{file} is not valid TSV:",
  "line.problem": "Line {line}: {message}",
  "quote.unclosedQuote":
    "a quoted field opens here and is never closed, so the rest of the file was read as that one field",
  "quote.csv.textAfterQuote":
    "a quoted field has text after its closing quote (a closing quote must be followed by a comma or a line end)",
  "quote.tsv.textAfterQuote":
    "a quoted field has text after its closing quote (a closing quote must be followed by a tab or a line end)",
  "drop.more": "{n, plural, one {… and # more problem} other {… and # more problems}}",
  "drop.shape": "{file} holds no list of texts: expected an array of strings, or of objects with a “text” field.",
} as const;

const zh: Record<keyof typeof en, string> = {
  "code.heading": "复制为代码",
  "code.intro": "同一个请求，可在终端或脚本中发送。请求体与本页发送的完全相同，并带上你设置的权重。",
  "code.lang": "语言",
  "code.lang.curl": "curl",
  "code.lang.python": "Python",
  "code.lang.javascript": "JavaScript",
  "code.copy": "复制",
  "code.copied": "已复制",
  "code.key": "本服务器需要 API 密钥：运行前请把你的密钥放进环境变量 {name}。",

  "history.heading": "最近的比较",
  "history.intro": "只保存在此浏览器中（最近 {n} 条）。点击一条即可恢复其文本、模式和权重。",
  "history.clear": "清除历史",
  "history.empty": "你运行的比较会显示在这里。",
  "history.restore": "恢复：{a} ↔ {b}",

  "drop.hint": "把文件拖到这里（{types}），或",
  "drop.type": ".{extension}",
  "drop.type.lines": ".{extension} 每行一条",
  "drop.open": "打开文件",
  "drop.active": "松开即可载入文件中的各行",
  "drop.loaded": "已从 {file} 载入 {n} 行。",
  "drop.empty": "{file} 中没有文本。",
  "drop.unreadable": "无法读取 {file}。",
  "drop.json": "{file} 不是有效的 JSON。",
  "drop.csv": "{file} 不是有效的 CSV：",
  "drop.tsv": "{file} 不是有效的 TSV：",
  "line.problem": "第 {line} 行：{message}",
  "quote.unclosedQuote": "引号字段从这一行开始，一直没有结束，文件的其余部分都被读成了这一个字段",
  "quote.csv.textAfterQuote": "引号字段在结束引号后还有文字（结束引号后须紧跟逗号或换行）",
  "quote.tsv.textAfterQuote": "引号字段在结束引号后还有文字（结束引号后须紧跟制表符或换行）",
  "drop.more": "……另有 {n} 处问题",
  "drop.shape": "{file} 中没有文本列表：应为字符串数组，或带 “text” 字段的对象数组。",
};

export const TOOLS = { en, zh };
