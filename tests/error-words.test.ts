import { describe, expect, it } from "vitest";
import { translate } from "@/lib/i18n";
import { errorWords, fieldWords } from "@/lib/ui/error-words";
import { answerError, RequestError } from "@/lib/ui/request/request-error";

const say = (
  lang: "en" | "zh",
  w: { key: Parameters<typeof translate>[1]; vars?: Record<string, string | number> } | null,
) => (w ? translate(lang, w.key, w.vars) : null);

describe("plain error words", () => {
  it("name list fields as people count them, from 1", () => {
    expect(say("en", fieldWords("documents.1"))).toBe("passage 2");
    expect(say("en", fieldWords("texts.0"))).toBe("text 1");
    expect(say("en", fieldWords("pairs.7.b"))).toBe("pair 8, text b");
    expect(say("zh", fieldWords("texts.3"))).toBe("第 4 段文本");
    expect(say("en", fieldWords("a"))).toBe("the query (text a)");
    expect(say("en", fieldWords("max_length"))).toBe("field “max_length”");
    expect(fieldWords(undefined)).toBeNull();
  });

  it("name the coverage page's fields in words, in both languages", () => {
    expect(say("en", fieldWords("document"))).toBe("the document");
    expect(say("zh", fieldWords("summary"))).toBe("摘要");
    expect(say("en", fieldWords("overlap_tokens"))).toBe("the overlap");
    expect(say("en", fieldWords("chunk_tokens"))).toBe("tokens per passage");
  });

  it("read a too-long text in both languages and offer no retry for 413", () => {
    const e = new RequestError(
      "documents.1 has 60,000 characters; at most 50,000 are allowed per text",
      413,
      "payload_too_large",
      "documents.1",
    );
    const w = errorWords(e);
    expect(w.retry).toBe(false);
    expect(say("en", w.detail)).toBe(
      "it has 60,000 characters, and at most 50,000 fit in one text. Shorten it, or split it in two.",
    );
    expect(say("zh", w.detail)).toContain("共有 60,000 个字符");
  });

  it("read zod's raw too-big message, and offer no retry for 400", () => {
    const w = errorWords(
      new RequestError(
        "texts.3: Too big: expected string to have <=20000 characters",
        400,
        "invalid_request",
        "texts.3",
      ),
    );
    expect(w.retry).toBe(false);
    expect(say("en", w.detail)).toContain("longer than 20,000 characters");
  });

  it("read the coverage route's too-many-passages and too-many-cells messages in plain words", () => {
    const parts = errorWords(
      new RequestError(
        "document has 1,024 passages; at most 256 are allowed per request",
        413,
        "payload_too_large",
        "document",
      ),
    );
    expect(parts.retry).toBe(false);
    expect(say("en", parts.detail)).toBe(
      "it makes 1,024 passages, and at most 256 fit in one request. Use more tokens per passage, a smaller overlap, or a shorter text.",
    );
    expect(say("zh", parts.detail)).toContain("1,024 段");
    const sentences = errorWords(
      new RequestError("summary has 300 sentences; at most 256 are allowed per request", 413, "payload_too_large"),
    );
    expect(say("en", sentences.detail)).toBe(
      "it has 300 sentences, and at most 256 fit in one request. Shorten it, or check it in parts.",
    );
    const cells = errorWords(
      new RequestError(
        "the summary's 900 tokens against the passages' make 20,000,000 ColBERT cells (limit 16,000,000): shorten the summary or the document, or lower overlap_tokens",
        400,
        "invalid_request",
        "summary",
      ),
    );
    expect(say("en", cells.detail)).toBe(
      "against every passage it makes 20,000,000 ColBERT comparisons, and at most 16,000,000 fit in one request. Shorten the summary or the document, or lower the overlap.",
    );
    expect(say("zh", cells.detail)).toContain("20,000,000");
  });

  it("read a passage too long for the model in plain words, naming it from 1", () => {
    const own = errorWords(
      new RequestError(
        "chunk_tokens: passage 3 has 8,200 tokens on its own, more than max_length 8192; lower chunk_tokens or raise max_length",
        400,
        "invalid_request",
        "chunk_tokens",
      ),
    );
    expect(say("en", own.field)).toBe("tokens per passage");
    expect(say("en", own.detail)).toBe(
      "passage 4 comes to 8,200 tokens on its own, more than the 8,192 the model reads at once. Use fewer tokens per passage.",
    );
    const window = errorWords(
      new RequestError(
        "chunk_tokens: must be at most max_length − 2 (510), got 600",
        400,
        "invalid_request",
        "chunk_tokens",
      ),
    );
    expect(say("en", window.detail)).toBe("at most 510 tokens fit in one passage. Use fewer.");
    expect(say("zh", window.detail)).toContain("510");
  });

  it("offer a retry only for failures of the moment", () => {
    expect(errorWords(new RequestError("x", 503, "model_not_ready")).retry).toBe(true);
    expect(errorWords(new RequestError("x", 500, "internal")).retry).toBe(true);
    expect(errorWords(new RequestError("x", null, "network")).retry).toBe(true);
    expect(errorWords(new RequestError("x", 429, "queue_full")).retry).toBe(true);
    expect(errorWords(new RequestError("x", 415, "unsupported_media_type")).retry).toBe(false);
  });

  it("keep a message it does not know as the server sent it", () => {
    expect(errorWords(new RequestError("the ONNX session failed", 500, "internal")).detail).toBeNull();
  });
});

describe("an unsuccessful answer", () => {
  it("carries a plain-text body's words, not the status text", () => {
    expect(answerError(500, "Internal Server Error", undefined, "the encoder crashed").message).toBe(
      "the encoder crashed",
    );
  });

  it("falls back to the status text for an HTML error page", () => {
    expect(answerError(500, "Internal Server Error", undefined, "<!DOCTYPE html><html>").message).toBe(
      "Internal Server Error",
    );
  });
});
