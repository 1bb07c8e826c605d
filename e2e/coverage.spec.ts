import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { COVERAGE_SAMPLES } from "@/components/coverage/samples";
import type { CoverageResponse } from "@/lib/api/coverage-contract";

// The coverage page at /coverage against the real /api/coverage, on the random-weight test model: the scores are
// noise, so every check compares the page with the API's own numbers, and thresholds are picked from them.

const SAMPLE = COVERAGE_SAMPLES.find((s) => s.id === "en")!;
const ZH_SAMPLE = COVERAGE_SAMPLES.find((s) => s.id === "zh")!;
const BODY = {
  document: SAMPLE.document,
  summary: SAMPLE.summary,
  chunk_tokens: SAMPLE.chunkTokens,
  overlap_tokens: SAMPLE.overlapTokens,
};
const W = { dense: 0.4, sparse: 0.2, colbert: 0.4 };
type Weights = typeof W;

const hybrid = (s: { dense: number; sparse: number; colbert: number }, w: Weights) =>
  (w.dense * s.dense + w.sparse * s.sparse + w.colbert * s.colbert) / (w.dense + w.sparse + w.colbert);

/** Sentence k against passage j in `mode` (the hybrid under `w`). */
const sentenceScore = (api: CoverageResponse, mode: string, w: Weights, k: number, j: number) => {
  const m = api.sentence_scores;
  const s = { dense: m.dense[k]![j]!, sparse: m.sparse[k]![j]!, colbert: m.colbert[k]![j]! };
  return mode === "hybrid" ? hybrid(s, w) : s[mode as keyof typeof s];
};

/** Each sentence's best passage (ties: the earlier) and its score. */
const bestPassages = (api: CoverageResponse, mode: string, w: Weights) =>
  api.summary_sentences.map((_, k) => {
    let best = { passage: -1, score: Number.NEGATIVE_INFINITY };
    api.passages.forEach((_p, j) => {
      const v = sentenceScore(api, mode, w, k, j);
      if (v > best.score) best = { passage: j, score: v };
    });
    return best;
  });

/** Each passage's best score from any sentence. */
const closest = (api: CoverageResponse, mode: string, w: Weights) =>
  api.passages.map((_p, j) => Math.max(...api.summary_sentences.map((_s, k) => sentenceScore(api, mode, w, k, j))));

/** A threshold strictly between the middle two of `values`, so some fall below it and some do not. */
function middle(values: number[]): number {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  expect(sorted.length, "the scores differ").toBeGreaterThan(1);
  const k = Math.floor((sorted.length - 1) / 2);
  return (sorted[k]! + sorted[k + 1]!) / 2;
}

/** Opens the page and waits for the sample run on arrival to be on screen. */
async function open(page: Page) {
  await page.goto("/coverage");
  await expect(page.getByTestId("coverage-map")).toBeVisible();
  await expect(page.getByTestId("progress")).toHaveCount(0);
  // Let Next finish prefetching the navigation's pages, so request counts only see what the test causes.
  await page.waitForLoadState("networkidle");
}

/** Counts requests to the API from now on. */
function countApiRequests(page: Page): () => number {
  let n = 0;
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/api/")) n++;
  });
  return () => n;
}

const badges = (page: Page) => page.getByTestId("coverage-passage");
const attrs = (page: Page, testId: string, names: string[]) =>
  page
    .getByTestId(testId)
    .evaluateAll((els, ns) => els.map((el) => Object.fromEntries(ns.map((n) => [n, el.getAttribute(n)]))), names);

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks; rows end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    i++;
    if (quoted && c === '"' && next === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted) {
      field += c;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && next === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else {
      field += c;
    }
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

test.describe("coverage page", () => {
  let api: CoverageResponse;
  test.beforeAll(async ({ request }) => {
    const r = await request.post("/api/coverage", { data: BODY });
    expect(r.status()).toBe(200);
    api = await r.json();
    expect(api.passages.length, "the sample has several passages").toBeGreaterThan(2);
  });

  test("is in the site navigation, with the skip link every page has", async ({ page }) => {
    await page.goto("/");
    await page.getByTestId("nav-coverage").click();
    await expect(page).toHaveURL(/\/coverage$/);
    await expect(page.getByTestId("nav-coverage")).toHaveAttribute("aria-current", "page");
    await page.keyboard.press("Tab");
    await expect(page.getByTestId("skip-link")).toBeFocused();
  });

  test("shades the document passage by passage, each badge named with its score", async ({ page }) => {
    await open(page);
    await expect(badges(page)).toHaveCount(api.passages.length);
    const shown = await attrs(page, "coverage-passage", ["data-index", "data-value", "data-level", "aria-label"]);
    for (const [i, b] of shown.entries()) {
      expect(Number(b["data-value"])).toBeCloseTo(hybrid(api.passages[i]!.scores, W), 9);
      expect(b["aria-label"]).toContain(`Passage ${i + 1} of ${api.passages.length}: Hybrid `);
      expect(b["aria-label"]).toMatch(/shade \d of 5/);
    }
    // The map's pieces are the document, in order, each shaded by the best passage covering it.
    const segments = await page
      .getByTestId("coverage-segment")
      .evaluateAll((els) =>
        els.map((el) => ({ text: el.textContent, passage: Number(el.getAttribute("data-passage")) })),
      );
    expect(segments.map((s) => s.text).join("")).toBe(SAMPLE.document);
    let at = 0;
    for (const s of segments) {
      const covering = api.passages.filter((p) => p.start <= at && p.end >= at + s.text!.length);
      const best = covering.reduce((b, p) => (hybrid(p.scores, W) > hybrid(b.scores, W) ? p : b));
      expect(s.passage).toBe(best.index);
      at += s.text!.length;
    }
    // Pointing at the text, or moving focus to a badge, shows that passage's number, tokens and scores.
    await page.getByTestId("coverage-segment").last().hover();
    const last = segments.at(-1)!.passage;
    await expect(page.getByTestId("coverage-active")).toHaveAttribute("data-index", String(last));
    await expect(page.getByTestId("coverage-active")).toContainText(`Passage ${last + 1}`);
    await expect(page.getByTestId("coverage-active")).toContainText(`${api.passages[last]!.tokens} tokens`);
    await badges(page).nth(1).focus();
    await expect(page.getByTestId("coverage-active")).toHaveAttribute("data-index", "1");
    expect(Number(await page.getByTestId("coverage-active-dense").getAttribute("data-value"))).toBeCloseTo(
      api.passages[1]!.scores.dense,
      9,
    );
  });

  test("gives each summary sentence its best passage, and flags those below the threshold", async ({ page }) => {
    await open(page);
    const best = bestPassages(api, "hybrid", W);
    const sentences = page.getByTestId("coverage-sentence");
    await expect(sentences).toHaveCount(api.summary_sentences.length);
    const t = middle(best.map((b) => b.score));
    await page.getByTestId("coverage-threshold").fill(String(t));
    const shown = await attrs(page, "coverage-sentence", ["data-passage", "data-score", "data-unsupported"]);
    for (const [k, s] of shown.entries()) {
      expect(Number(s["data-passage"])).toBe(best[k]!.passage);
      expect(Number(s["data-passage"])).toBe(api.summary_sentences[k]!.best_passage);
      expect(Number(s["data-score"])).toBeCloseTo(best[k]!.score, 9);
      expect(s["data-unsupported"]).toBe(String(best[k]!.score < t));
    }
    const low = best.filter((b) => b.score < t).length;
    await expect(page.getByTestId("sentence-flag")).toHaveCount(low);
    await expect(page.getByTestId("sentence-flag").first()).toContainText(
      "it may be unsupported by the document, or invented",
    );
    const first = api.summary_sentences[0]!;
    await expect(sentences.first()).toContainText(SAMPLE.summary.slice(first.start, first.end));

    // The sentence's passage link scrolls to that passage's badge and focuses it.
    const link = sentences.last().getByTestId("sentence-passage");
    const target = best.at(-1)!.passage;
    await expect(link).toHaveText(`Passage ${target + 1}`);
    await link.click();
    const badge = page.locator(`#coverage-passage-${target}`);
    await expect(badge).toBeFocused();
    await expect(badge).toBeInViewport();
  });

  test("lists the passages no sentence covers at the threshold, in document order, each linking to it", async ({
    page,
  }) => {
    await open(page);
    const near = closest(api, "hybrid", W);
    const t = middle(near);
    await page.getByTestId("coverage-threshold").fill(String(t));
    const expected = near.flatMap((v, j) => (v < t ? [j] : []));
    expect(expected.length).toBeGreaterThan(0);
    const missed = page.getByTestId("coverage-missed");
    await expect(missed).toHaveCount(expected.length);
    expect((await attrs(page, "coverage-missed", ["data-index"])).map((m) => Number(m["data-index"]))).toEqual(
      expected,
    );
    const first = api.passages[expected[0]!]!;
    await expect(missed.first()).toContainText(SAMPLE.document.slice(first.start, first.start + 40).trim());
    // The map marks the same passages, for the eye (a dashed badge) and for a screen reader (in its name).
    const marked = await attrs(page, "coverage-passage", ["data-missed", "aria-label"]);
    expect(marked.flatMap((b, j) => (b["data-missed"] === "true" ? [j] : []))).toEqual(expected);
    expect(marked[expected[0]!]!["aria-label"]).toContain("not covered by any summary sentence");

    const last = expected.at(-1)!;
    await missed.last().getByTestId("missed-link").click();
    await expect(page.locator(`#coverage-passage-${last}`)).toBeFocused();
    await expect(page.locator(`#coverage-passage-${last}`)).toBeInViewport();

    // A threshold below every score leaves nothing missed, and says so.
    await page.getByTestId("coverage-threshold").fill("-5");
    await expect(missed).toHaveCount(0);
    await expect(page.getByTestId("coverage-missed-none")).toBeVisible();
  });

  test("shows the three document-level numbers, the whole document's truncation said plainly", async ({ page }) => {
    await open(page);
    expect(Number(await page.getByTestId("coverage-doc-whole").getAttribute("data-value"))).toBeCloseTo(
      hybrid(api.document.whole.scores, W),
      9,
    );
    expect(Number(await page.getByTestId("coverage-doc-mean").getAttribute("data-value"))).toBeCloseTo(
      api.document.mean_of_passages.dense,
      9,
    );
    await expect(page.getByTestId("coverage-doc-best-link")).toHaveText(`Passage ${api.document.best_passage + 1}`);
    await expect(page.getByTestId("coverage-doc-truncated")).toHaveAttribute("data-truncated", "false");
    await expect(page.getByTestId("coverage-doc-truncated")).toContainText(
      `All ${api.document.whole.tokens} tokens were read`,
    );

    // A document over max_length: the whole-document number says it was cut, and where.
    // About 0.4 tokens a character on the test model's tokenizer: some 12,000 tokens, within the character limit.
    const long = SAMPLE.document.repeat(Math.ceil(30_000 / SAMPLE.document.length));
    expect(long.length).toBeLessThan(50_000);
    await page.getByTestId("coverage-document").fill(long);
    await page.getByTestId("coverage-chunk").fill("512");
    await page.getByTestId("coverage-overlap").fill("128");
    await page.getByTestId("coverage-run").click();
    await expect(page.getByTestId("coverage-doc-truncated")).toHaveAttribute("data-truncated", "true", {
      timeout: 120_000,
    });
    await expect(page.getByTestId("coverage-doc-truncated")).toContainText(
      /^Truncated: the document is longer than 8,192 tokens, so only its first [\d,]+ were read\.$/,
    );
  });

  test("recombines the map, the sentences and the missed list in the browser, with no request", async ({ page }) => {
    await open(page);
    const requests = countApiRequests(page);
    await page.getByTestId("coverage-mode-dense").click();
    await expect(page.getByTestId("coverage-map")).toHaveAttribute("data-mode", "dense");
    let shown = await attrs(page, "coverage-passage", ["data-value"]);
    for (const [i, b] of shown.entries()) expect(Number(b["data-value"])).toBeCloseTo(api.passages[i]!.scores.dense, 9);
    const dense = bestPassages(api, "dense", W);
    const sentences = await attrs(page, "coverage-sentence", ["data-passage", "data-score"]);
    sentences.forEach((s, k) => {
      expect(Number(s["data-passage"])).toBe(dense[k]!.passage);
      expect(Number(s["data-score"])).toBeCloseTo(dense[k]!.score, 9);
    });

    await page.getByTestId("coverage-mode-hybrid").click();
    const w = { dense: 0.1, sparse: 0.7, colbert: 0.9 };
    await page.getByTestId("weight-dense").fill(String(w.dense));
    await page.getByTestId("weight-sparse").fill(String(w.sparse));
    await page.getByTestId("weight-colbert").fill(String(w.colbert));
    await expect
      .poll(async () => Number(await badges(page).first().getAttribute("data-value")))
      .toBeCloseTo(hybrid(api.passages[0]!.scores, w), 9);
    shown = await attrs(page, "coverage-passage", ["data-value"]);
    for (const [i, b] of shown.entries())
      expect(Number(b["data-value"])).toBeCloseTo(hybrid(api.passages[i]!.scores, w), 9);
    const t = middle(closest(api, "hybrid", w));
    await page.getByTestId("coverage-threshold").fill(String(t));
    const expected = closest(api, "hybrid", w).flatMap((v, j) => (v < t ? [j] : []));
    await expect(page.getByTestId("coverage-missed")).toHaveCount(expected.length);
    expect(requests()).toBe(0);
  });

  test("exports the passages as CSV (opens in Excel) and JSON, with offsets, tokens, scores and text", async ({
    page,
  }) => {
    await open(page);
    await page.getByTestId("coverage-sample-zh").click();
    await expect(page.getByTestId("coverage-document")).toHaveValue(ZH_SAMPLE.document);
    await expect(page.getByTestId("progress")).toHaveCount(0);
    await expect(page.getByTestId("coverage-segment").first()).toContainText("青禾科技");
    const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("coverage-csv").click()]);
    expect(csvDownload.suggestedFilename()).toBe("bge-m3-coverage-passages.csv");
    const raw = await readFile((await csvDownload.path())!, "utf8");
    expect(raw.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(raw.slice(1));
    expect(rows[0]).toEqual(["index", "start", "end", "tokens", "dense", "sparse", "colbert", "hybrid", "text"]);

    const [jsonDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("coverage-json").click(),
    ]);
    expect(jsonDownload.suggestedFilename()).toBe("bge-m3-coverage-passages.json");
    const json = JSON.parse(await readFile((await jsonDownload.path())!, "utf8"));
    expect(json.mode).toBe("hybrid");
    expect(json.passages.length).toBeGreaterThan(1);
    expect(rows).toHaveLength(json.passages.length + 1);
    for (const [i, p] of json.passages.entries()) {
      expect(p.index).toBe(i);
      expect(p.text).toBe(ZH_SAMPLE.document.slice(p.start, p.end));
      expect(p.scores.hybrid).toBeCloseTo(hybrid(p.scores, W), 6);
      const row = rows[i + 1]!;
      expect(row.slice(0, 4).map(Number)).toEqual([p.index, p.start, p.end, p.tokens]);
      expect(row.slice(4, 8).map(Number)).toEqual([p.scores.dense, p.scores.sparse, p.scores.colbert, p.scores.hybrid]);
      expect(row[8]).toBe(p.text);
    }
  });

  test("malformed input gets a plain message: an empty summary, a bad overlap, an over-long document", async ({
    page,
  }) => {
    await open(page);
    await page.getByTestId("coverage-summary").fill("  ");
    await expect(page.getByTestId("coverage-run")).toBeDisabled();
    await expect(page.getByTestId("coverage-problem")).toHaveText(
      "Write the summary (or a question) to check the document against.",
    );
    await page.getByTestId("coverage-summary").fill(SAMPLE.summary);
    await page.getByTestId("coverage-overlap").fill("96");
    await expect(page.getByTestId("coverage-problem")).toContainText("less than the passage");
    await expect(page.getByTestId("coverage-overlap")).toHaveAttribute("aria-invalid", "true");
    await page.getByTestId("coverage-overlap").fill("24");
    await expect(page.getByTestId("coverage-run")).toBeEnabled();

    await page.getByTestId("coverage-document").fill("y".repeat(50_001));
    await page.getByTestId("coverage-run").click();
    await expect(page.getByTestId("error-field")).toHaveText("In the document:");
    await expect(page.getByTestId("error-message")).toContainText("it has 50,001 characters, and at most 50,000 fit");
    await expect(page.getByTestId("error-retry")).toHaveCount(0);
    await expect(page.getByTestId("coverage-document")).toHaveAttribute("aria-invalid", "true");
    // The last results stay below, and the message reads in Chinese too.
    await expect(page.getByTestId("coverage-map")).toBeVisible();
    await page.getByTestId("lang-zh").click();
    await expect(page.getByTestId("error-field")).toHaveText("文档：");
    await expect(page.getByTestId("error-message")).toContainText("共有 50,001 个字符");
  });

  test("reads a document from an opened or dropped .txt or .md file, and refuses other files in words", async ({
    page,
  }) => {
    await open(page);
    const markdown = "# Notes\n\nThe meeting agreed on the budget. 会议通过了预算。";
    await page.getByTestId("coverage-file").setInputFiles({
      name: "notes.md",
      mimeType: "text/markdown",
      buffer: Buffer.from(markdown),
    });
    await expect(page.getByTestId("coverage-document")).toHaveValue(markdown);

    const drop = async (name: string, type: string, text: string) => {
      const data = await page.evaluateHandle(
        ([n, ty, tx]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([tx!], n!, { type: ty }));
          return dt;
        },
        [name, type, text],
      );
      await page.getByTestId("coverage-document").dispatchEvent("drop", { dataTransfer: data });
    };
    await drop("report.txt", "text/plain", "A dropped report.");
    await expect(page.getByTestId("coverage-document")).toHaveValue("A dropped report.");
    await drop("report.pdf", "application/pdf", "%PDF-1.7");
    await expect(page.getByTestId("coverage-file-problem")).toHaveText(
      "Only plain text files (.txt, .md) can be read here.",
    );
    await expect(page.getByTestId("coverage-document")).toHaveValue("A dropped report.");
    await page.getByTestId("coverage-document").fill("A typed report.");
    await expect(page.getByTestId("coverage-file-problem")).toHaveCount(0);
  });

  test("speaks Chinese: the page's words and the Chinese sample's flags", async ({ page }) => {
    await open(page);
    await page.getByTestId("lang-zh").click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("摘要覆盖度");
    await expect(page.getByText("摘要逐句检查")).toBeVisible();
    await page.getByTestId("coverage-sample-zh").click();
    await expect(page.getByTestId("progress")).toHaveCount(0);
    await expect(page.getByTestId("coverage-sentence").first()).toContainText("第三季度营业收入");
    await page.getByTestId("coverage-threshold").fill("5");
    await expect(page.getByTestId("sentence-flag").first()).toContainText("文档里可能没有依据，或是编造的内容");
    await expect(badges(page).first()).toHaveAttribute("aria-label", /^第 1 段（共 \d+ 段）：混合 /);
    await expect(page.getByTestId("coverage-missed").first()).toContainText("在文档中查看第");
  });

  test("Cancel stops a run and keeps the last results", async ({ page }) => {
    await open(page);
    await page.route("**/api/coverage", async (route) => {
      await new Promise((r) => setTimeout(r, 3_000));
      await route.continue().catch(() => undefined);
    });
    await page.getByTestId("coverage-summary").fill(`${SAMPLE.summary} Again.`);
    await page.getByTestId("coverage-run").click();
    await expect(page.getByTestId("progress")).toBeVisible();
    await expect(page.getByTestId("elapsed")).toBeVisible();
    await page.getByTestId("cancel").click();
    await expect(page.getByTestId("cancelled")).toContainText("Cancelled after");
    await expect(page.getByTestId("cancelled")).toContainText("still those of the last run");
    await expect(page.getByTestId("coverage-map")).toBeVisible();
  });

  test("at phone width the page never scrolls sideways", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await open(page);
    for (const lang of ["en", "zh"] as const) {
      await page.getByTestId(`lang-${lang}`).click();
      const { scroll, client } = await page.evaluate(() => ({
        scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
        client: document.documentElement.clientWidth,
      }));
      expect(scroll, lang).toBeLessThanOrEqual(client);
    }
  });
});
