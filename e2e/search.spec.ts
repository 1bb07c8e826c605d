import { expect, type Page, test } from "@playwright/test";
import type { RerankResponse } from "@/lib/api/rerank-contract";

const QUERY = "What is BGE M3?";
const PASSAGES = [
  "BGE M3 is an embedding model supporting dense retrieval, lexical matching and multi-vector interaction.",
  "The M3 motorway in England runs from London to Southampton.",
  "BGE-M3 supports more than 100 languages and inputs of up to 8192 tokens.",
  "我喜欢看书",
];

async function rank(page: Page) {
  await page.goto("/search");
  await expect(page.getByTestId("search-result").first()).toBeVisible();
  await page.getByTestId("search-query").fill(QUERY);
  await page.getByTestId("search-passages").fill(PASSAGES.join("\n"));
  await page.getByTestId("search-run").click();
  await expect(page.getByTestId("search-result")).toHaveCount(PASSAGES.length);
}

const results = (page: Page) =>
  page.getByTestId("search-result").evaluateAll((els) =>
    els.map((el) => ({
      index: Number(el.getAttribute("data-index")),
      hybrid: Number(el.getAttribute("data-hybrid")),
      flagged: el.getAttribute("data-flagged") === "true",
      dense: Number(el.querySelector('[data-testid="passage-dense"]')?.getAttribute("data-value")),
      sparse: Number(el.querySelector('[data-testid="passage-sparse"]')?.getAttribute("data-value")),
      colbert: Number(el.querySelector('[data-testid="passage-colbert"]')?.getAttribute("data-value")),
    })),
  );

test.describe("retrieval check page", () => {
  let api: RerankResponse;
  test.beforeAll(async ({ request }) => {
    const r = await request.post("/api/rerank", { data: { query: QUERY, documents: PASSAGES } });
    expect(r.status()).toBe(200);
    api = await r.json();
  });

  test("ranks the passages by hybrid score, with every mode's score per passage", async ({ page }) => {
    await rank(page);
    const shown = await results(page);
    expect(shown.map((r) => r.index)).toEqual(api.results.map((r) => r.index));
    for (const [k, r] of shown.entries()) {
      const ref = api.results[k]!.scores;
      expect(r.dense).toBeCloseTo(ref.dense, 9);
      expect(r.sparse).toBeCloseTo(ref.sparse, 9);
      expect(r.colbert).toBeCloseTo(ref.colbert, 9);
      expect(r.hybrid).toBeCloseTo(ref.hybrid, 9);
      if (k > 0) expect(r.hybrid).toBeLessThanOrEqual(shown[k - 1]!.hybrid);
    }
    await expect(page.getByTestId("search-result").first()).toContainText(PASSAGES[api.results[0]!.index]!);
    // Ranks and passage numbers both count from 1: the passage on the input's first line is "passage 1".
    const first = page.getByTestId("search-result").first();
    await expect(first.getByTestId("passage-number")).toHaveText(`passage ${api.results[0]!.index + 1}`);
    await expect(first.getByTestId("passage-rank").getByText("rank 1", { exact: true })).toBeAttached();
  });

  test("flags passages below the threshold, 0.6 by default, as below it (not as a verdict)", async ({ page }) => {
    await rank(page);
    await expect(page.getByTestId("search-threshold")).toHaveValue("0.6");
    const shown = await results(page);
    for (const r of shown) expect(r.flagged).toBe(r.hybrid < 0.6);
    await expect(page.getByTestId("passage-flag")).toHaveCount(shown.filter((r) => r.hybrid < 0.6).length);

    // Between the lowest and the highest hybrid: some passages flagged, some not.
    const sorted = shown.map((r) => r.hybrid).sort((a, b) => a - b);
    const middle = (sorted[1]! + sorted[2]!) / 2;
    await page.getByTestId("search-threshold").fill(String(middle));
    await expect(page.getByTestId("passage-flag")).toHaveCount(2);
    await expect(page.getByTestId("passage-flag").first()).toHaveText(
      /below your threshold: check whether it answers the query/,
    );
    await expect(page.getByTestId("search-summary")).toContainText("2 of 4 passages reach");

    await page.getByTestId("search-threshold").fill("-1");
    await expect(page.getByTestId("passage-flag")).toHaveCount(0);
    await page.getByTestId("search-threshold").fill("5");
    await expect(page.getByTestId("passage-flag")).toHaveCount(4);
  });

  test("moving a slider re-ranks in the browser, with no network request", async ({ page }) => {
    await rank(page);
    let requests = 0;
    page.on("request", (r) => {
      if (new URL(r.url()).pathname.startsWith("/api/")) requests++;
    });
    // Sparse alone: the ranking must follow the sparse scores (ties by index).
    await page.getByTestId("weight-dense").fill("0");
    await page.getByTestId("weight-colbert").fill("0");
    await page.getByTestId("weight-sparse").fill("1");
    const expected = [...api.results]
      .sort((x, y) => y.scores.sparse - x.scores.sparse || x.index - y.index)
      .map((r) => r.index);
    await expect.poll(async () => (await results(page)).map((r) => r.index)).toEqual(expected);
    for (const r of await results(page)) expect(r.hybrid).toBeCloseTo(r.sparse, 9);
    expect(requests).toBe(0);
  });
});
