/** One-click samples for the retrieval check (content, not interface text). */

export interface SearchSample {
  id: "bge" | "zh";
  query: string;
  passages: readonly string[];
}

export const SEARCH_SAMPLES: readonly SearchSample[] = [
  {
    id: "bge",
    query: "What is BGE M3?",
    passages: [
      "BGE M3 is an embedding model supporting dense retrieval, lexical matching and multi-vector interaction.",
      "BM25 is a bag-of-words retrieval function that ranks a set of documents based on the query terms appearing in each document.",
      "BGE-M3 can process inputs of up to 8192 tokens and supports more than 100 languages.",
      "The M3 motorway in England runs from London to Southampton.",
      "Beijing Academy of Artificial Intelligence released several open embedding models.",
    ],
  },
  {
    id: "zh",
    query: "怎样才能睡得更好？",
    passages: [
      "每天固定时间上床和起床，睡前一小时不看手机，有助于提高睡眠质量。",
      "Keeping a regular sleep schedule and avoiding screens before bed improves sleep quality.",
      "咖啡因会在体内停留数小时，下午喝咖啡可能影响夜间睡眠。",
      "长城是中国古代的军事防御工程，全长两万多公里。",
      "这款手机的电池续航可达两天。",
    ],
  },
];
