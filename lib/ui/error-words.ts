/**
 * What a failed request means to the person who sent it: a title, a detail in plain words when the server's message
 * is one the pages know (too long, too many, empty), the field named as people count (from 1), and whether trying
 * the same request again can work. Pure: the page translates the keys.
 */
import type { MessageKey, MessageVars } from "@/lib/i18n";
import type { RequestError } from "./request/request-error";

export interface Words {
  key: MessageKey;
  vars?: MessageVars;
}

export interface ErrorWords {
  title: MessageKey;
  /** The server's message in plain words, or null to show it as sent. */
  detail: Words | null;
  /** The input at fault, or null when the server named none. */
  field: Words | null;
  /** Only a failure of the moment (network, busy, loading, a server fault) is worth the same request again. */
  retry: boolean;
  hint: MessageKey;
}

const num = (s: string) => Number(s.replaceAll(",", ""));

/** Known messages, each read into plain words: the server's, and the pages' own about an answer they cannot read. */
const DETAILS: readonly [RegExp, (m: RegExpMatchArray) => Words][] = [
  [
    /has ([\d,]+) characters; at most ([\d,]+)/,
    (m) => ({ key: "error.detail.chars", vars: { n: num(m[1]!), max: num(m[2]!) } }),
  ],
  [
    /has ([\d,]+) (?:texts|pairs); at most ([\d,]+)/,
    (m) => ({ key: "error.detail.count", vars: { n: num(m[1]!), max: num(m[2]!) } }),
  ],
  [
    /expected string to have <=\s*([\d,]+) characters/,
    (m) => ({ key: "error.detail.charsMax", vars: { max: num(m[1]!) } }),
  ],
  [
    /has ([\d,]+) passages; at most ([\d,]+)/,
    (m) => ({ key: "error.detail.parts", vars: { n: num(m[1]!), max: num(m[2]!) } }),
  ],
  [
    /has ([\d,]+) sentences; at most ([\d,]+)/,
    (m) => ({ key: "error.detail.sentences", vars: { n: num(m[1]!), max: num(m[2]!) } }),
  ],
  [
    /make ([\d,]+) ColBERT cells \(limit ([\d,]+)\)/,
    (m) => ({ key: "error.detail.cells", vars: { n: num(m[1]!), max: num(m[2]!) } }),
  ],
  [
    /passage (\d+) has ([\d,]+) tokens on its own, more than max_length ([\d,]+)/,
    (m) => ({ key: "error.detail.passageTokens", vars: { n: Number(m[1]) + 1, tokens: num(m[2]!), max: num(m[3]!) } }),
  ],
  [
    /chunk_tokens: must be at most max_length − 2 \(([\d,]+)\)/,
    (m) => ({ key: "error.detail.chunkMax", vars: { max: num(m[1]!) } }),
  ],
  [/text is empty|expected string to have >=\s*1 characters/, () => ({ key: "error.detail.empty" })],
  [/at least (\d+) texts are needed/, (m) => ({ key: "error.detail.fewTexts", vars: { min: Number(m[1]) } })],
  [
    /maxsim_base64 does not hold (-?\d+) × (-?\d+) float32 cells/,
    (m) => ({ key: "compare.error.maxsimBase64", vars: { rows: Number(m[1]), cols: Number(m[2]) } }),
  ],
];

function detailOf(message: string): Words | null {
  for (const [pattern, words] of DETAILS) {
    const m = message.match(pattern);
    if (m) return words(m);
  }
  return null;
}

/** Single fields a page names in words (the coverage page's). */
const NAMED_FIELDS = {
  document: "error.field.document",
  summary: "error.field.summary",
  chunk_tokens: "error.field.chunk_tokens",
  overlap_tokens: "error.field.overlap_tokens",
} as const satisfies Record<string, MessageKey>;

/** Field paths as people say them: "documents.1" → passage 2, "pairs.7.b" → pair 8, text b. */
export function fieldWords(field: string | undefined): Words | null {
  if (!field) return null;
  if (field === "a") return { key: "error.field.a" };
  if (field === "b") return { key: "error.field.b" };
  if (field === "query") return { key: "error.field.query" };
  if (Object.hasOwn(NAMED_FIELDS, field)) return { key: NAMED_FIELDS[field as keyof typeof NAMED_FIELDS] };
  const item = field.match(/^(texts|documents|pairs)\.(\d+)(?:\.([ab]))?$/);
  if (!item) return { key: "error.field", vars: { field } };
  const n = Number(item[2]) + 1;
  if (item[1] === "texts") return { key: "error.field.text", vars: { n } };
  if (item[1] === "documents") return { key: "error.field.passage", vars: { n } };
  return item[3]
    ? { key: "error.field.pairSide", vars: { n, side: item[3] } }
    : { key: "error.field.pair", vars: { n } };
}

function titleOf(e: RequestError): { title: MessageKey; retry: boolean } {
  if (e.type === "network") return { title: "error.network", retry: true };
  if (e.type === "bad_response") return { title: "error.bad_response", retry: true };
  if (e.type === "queue_full" || e.status === 429) return { title: "error.busy", retry: true };
  if (e.status === 413) return { title: "error.413", retry: false };
  if (e.status === 415) return { title: "error.415", retry: false };
  if (e.status === 503) return { title: "error.503", retry: true };
  if (e.status !== null && e.status >= 400 && e.status < 500) return { title: "error.400", retry: false };
  return { title: "error.500", retry: true };
}

export function errorWords(e: RequestError): ErrorWords {
  const { title, retry } = titleOf(e);
  const hint: MessageKey =
    e.type === "network" ? "error.hint.network" : retry ? "error.hint.retry" : "error.hint.input";
  return { title, detail: detailOf(e.message), field: fieldWords(e.field), retry, hint };
}
