/**
 * What tokenizer.json says about its pipeline, checked to be the XLM-R one this tokenizer reproduces:
 * added tokens → Sequence[Precompiled charsmap, Replace] → splitting Metaspace → Unigram → `<s> $A </s>`,
 * decoded by Metaspace. Anything else is refused at load time with the part that differs.
 */
import type { Token } from "@/lib/m3/types";
import type { AddedToken } from "./added-tokens";
import { Charsmap } from "./aligned-normalizer";

export type Json = Record<string, unknown>;

export interface PipelineSpec {
  charsmap: Charsmap;
  collapse: { pattern: RegExp; content: number[] };
  metaspaceChar: number;
  bos: Token;
  eos: Token;
  added: AddedToken[];
}

export const asObject = (v: unknown): Json =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {};

export function unsupported(file: string, what: string): never {
  throw new Error(`${file}: unsupported tokenizer pipeline (${what}); expected XLM-R's SentencePiece Unigram`);
}

function parseNormalizer(file: string, normalizer: Json): Pick<PipelineSpec, "charsmap" | "collapse"> {
  const steps = Array.isArray(normalizer.normalizers) ? normalizer.normalizers.map(asObject) : [];
  const [precompiled, replace] = steps;
  if (normalizer.type !== "Sequence" || steps.length !== 2 || precompiled?.type !== "Precompiled")
    unsupported(file, "normalizer must be Sequence[Precompiled, Replace]");
  if (replace?.type !== "Replace" || typeof replace.content !== "string")
    unsupported(file, "second normalizer not Replace");
  const pattern = asObject(replace.pattern);
  const source =
    typeof pattern.Regex === "string"
      ? pattern.Regex
      : typeof pattern.String === "string"
        ? pattern.String.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
        : unsupported(file, "Replace pattern");
  const regex = new RegExp(source, "gu");
  if (regex.test("")) unsupported(file, "Replace pattern matches the empty string");
  regex.lastIndex = 0;
  if (typeof precompiled.precompiled_charsmap !== "string") unsupported(file, "Precompiled without a charsmap");
  return {
    charsmap: Charsmap.fromBase64(precompiled.precompiled_charsmap),
    collapse: { pattern: regex, content: [...replace.content].map((c) => c.codePointAt(0)!) },
  };
}

/** The Metaspace replacement character of a pre-tokenizer or decoder that prepends it to every text. */
function parseMetaspace(file: string, part: string, config: Json): number {
  const replacement = typeof config.replacement === "string" ? [...config.replacement] : [];
  if (config.type !== "Metaspace" || replacement.length !== 1 || config.split === false)
    unsupported(file, `${part} must be a splitting Metaspace`);
  if ((config.prepend_scheme ?? (config.add_prefix_space === false ? "never" : "always")) !== "always")
    unsupported(file, `${part} Metaspace prepend_scheme must be always`);
  return replacement[0]!.codePointAt(0)!;
}

function parseTemplate(file: string, post: Json): Pick<PipelineSpec, "bos" | "eos"> {
  const single = Array.isArray(post.single) ? post.single.map(asObject) : [];
  const specials = asObject(post.special_tokens);
  const special = (item: Json | undefined): Token => {
    const name = asObject(item?.SpecialToken).id;
    const ids = asObject(specials[String(name)]).ids;
    if (typeof name !== "string" || !Array.isArray(ids) || ids.length !== 1 || typeof ids[0] !== "number")
      unsupported(file, "post_processor special token");
    return { id: ids[0], text: name, start: 0, end: 0 };
  };
  if (post.type !== "TemplateProcessing" || single.length !== 3 || asObject(single[1]?.Sequence).id !== "A")
    unsupported(file, "post_processor must be TemplateProcessing `<s> $A </s>`");
  return { bos: special(single[0]), eos: special(single[2]) };
}

function parseAddedTokens(file: string, list: unknown): AddedToken[] {
  return (Array.isArray(list) ? list : []).map(asObject).map((t) => {
    if (typeof t.id !== "number" || typeof t.content !== "string" || t.content === "") unsupported(file, "added token");
    if (t.single_word === true || t.normalized === true)
      unsupported(file, `added token ${t.content} (single_word/normalized)`);
    return { id: t.id, content: t.content, lstrip: t.lstrip === true, rstrip: t.rstrip === true };
  });
}

/** The unknown piece's id of tokenizer.json's Unigram `model` (whose `vocab` has `size` pieces), checked. */
export function parseUnigram(file: string, model: Json, size: number): number {
  const unkId = model.unk_id;
  if (model.type !== "Unigram" || typeof unkId !== "number" || model.byte_fallback === true)
    unsupported(file, "model must be Unigram with an unk_id and no byte fallback");
  if (!Number.isInteger(unkId) || unkId < 0 || unkId >= size) unsupported(file, "unk_id outside the vocab");
  return unkId;
}

export function parsePipeline(file: string, json: Json): PipelineSpec {
  const metaspaceChar = parseMetaspace(file, "pre_tokenizer", asObject(json.pre_tokenizer));
  if (parseMetaspace(file, "decoder", asObject(json.decoder)) !== metaspaceChar)
    unsupported(file, "decoder and pre_tokenizer use different Metaspace characters");
  return {
    ...parseNormalizer(file, asObject(json.normalizer)),
    metaspaceChar,
    ...parseTemplate(file, asObject(json.post_processor)),
    added: parseAddedTokens(file, json.added_tokens),
  };
}
