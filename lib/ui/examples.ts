/** The example pairs one click away on the compare page (text a = query, text b = candidate). */

export interface ExamplePair {
  id: "zh-paraphrase" | "cross-lingual" | "flagembedding" | "keywords" | "long";
  a: string;
  b: string;
}

const LONG_PASSAGE = [
  "Hybrid retrieval runs more than one kind of search over the same collection and merges what each one finds. ",
  "A dense retriever turns the query and every passage into a single vector and ranks passages by cosine similarity, ",
  "so it recognises paraphrases and answers written in another language, but it can miss a rare product code, a ",
  "person's name or an error message that has to appear word for word. A sparse, lexical retriever does the ",
  "opposite: it scores the exact terms the query and the passage share, weighted by how informative each term is, ",
  "which makes it precise for keywords and easy to explain, yet blind to synonyms. Multi-vector retrieval in the ",
  "ColBERT style keeps one vector per token and lets every query token find its best match in the passage, a middle ",
  "ground that captures fine-grained matches at a higher storage cost.\n\n",
  "BGE-M3 produces all three representations from a single forward pass of one XLM-RoBERTa encoder: the CLS state ",
  "becomes the dense vector, a small linear head assigns each token a lexical weight, and another head projects every ",
  "token into the ColBERT space. Because the three signals fail in different ways, a weighted sum of their scores is ",
  "usually more robust than any one of them. FlagEmbedding suggests weights of 0.4 for dense, 0.2 for sparse and 0.4 ",
  "for ColBERT; keyword-heavy collections often give the sparse score more weight, and long documents benefit from ",
  "the token-level view, because a single vector has to summarise thousands of tokens.\n\n",
  "混合检索在中文场景里同样重要：稠密向量能理解“阅读”与“看书”的相近含义，稀疏权重能抓住型号、人名和专有名词，",
  "而逐词元的多向量匹配则能指出到底是哪几个词让两段文字彼此靠近。",
].join("");

export const EXAMPLES: readonly ExamplePair[] = Object.freeze([
  { id: "zh-paraphrase", a: "我喜欢看书", b: "阅读使我快乐" },
  { id: "cross-lingual", a: "气候变化是全球挑战", b: "Climate change is a global challenge" },
  {
    id: "flagembedding",
    a: "What is BGE M3?",
    b: "BGE M3 is an embedding model supporting dense retrieval, lexical matching and multi-vector interaction.",
  },
  {
    id: "keywords",
    a: "ECONNREFUSED 127.0.0.1:5432 postgres docker compose",
    b: "Fixing ECONNREFUSED 127.0.0.1:5432 when a Docker Compose service connects to Postgres: use the service name db as the host instead of localhost.",
  },
  { id: "long", a: "Why does hybrid retrieval beat dense retrieval alone?", b: LONG_PASSAGE },
]);
