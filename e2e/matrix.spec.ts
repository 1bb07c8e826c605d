import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { SIXTY_FOUR_SAMPLE } from "@/components/matrix/samples";
import type { MatrixResponse } from "@/lib/api/matrix-contract";

// Rows 0/2 and 3/4 are exact duplicates, so their dense score is 1 whatever the (test) model says.
const TEXTS = [
  "Climate change is a global challenge",
  "气候变化是全球挑战",
  "Climate change is a global challenge",
  "我喜欢看书",
  "我喜欢看书",
  "The train leaves at eight in the morning",
];

/** Counts requests to the API from now on. */
function countApiRequests(page: Page): () => number {
  let n = 0;
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/api/")) n++;
  });
  return () => n;
}

async function computeMatrix(page: Page, texts: string[]) {
  await page.goto("/matrix");
  // The sample computed on arrival must finish first, so the next result is ours.
  await expect(page.getByTestId("heatmap")).toBeVisible();
  await page.getByTestId("matrix-input").fill(texts.join("\n"));
  await expect(page.getByTestId("matrix-count")).toContainText(`${texts.length} texts`);
  await page.getByTestId("matrix-run").click();
  await expect(page.locator(`[data-testid="heatmap"][data-rows="${texts.length}"]`)).toBeVisible();
}

const cell = (page: Page, r: number, c: number) =>
  page.locator(`[data-testid="heatmap-cell"][data-row="${r}"][data-col="${c}"]`);

const cellValue = async (page: Page, r: number, c: number) => Number(await cell(page, r, c).getAttribute("data-value"));

test.describe("matrix page", () => {
  test("a line over the character limit is named by its number from 1, in plain words, with no retry", async ({
    page,
  }) => {
    await page.goto("/matrix");
    await expect(page.getByTestId("heatmap")).toBeVisible();
    await page.getByTestId("matrix-input").fill(`short text\n${"y".repeat(50_001)}\nanother text`);
    await page.getByTestId("matrix-run").click();
    await expect(page.getByTestId("error-field")).toHaveText("In text 2:");
    await expect(page.getByTestId("error-message")).toContainText("it has 50,001 characters, and at most 50,000 fit");
    await expect(page.getByTestId("error-retry")).toHaveCount(0);
    // The sample's matrix stays below the error.
    await expect(page.getByTestId("heatmap")).toBeVisible();
  });

  let api: MatrixResponse;
  test.beforeAll(async ({ request }) => {
    const r = await request.post("/api/matrix", { data: { texts: TEXTS } });
    expect(r.status()).toBe(200);
    api = await r.json();
  });

  test("computes an N×N heatmap from pasted texts, every cell carrying its value", async ({ page }) => {
    await computeMatrix(page, TEXTS);
    await expect(page.getByTestId("heatmap-cell")).toHaveCount(36);
    await page.getByTestId("matrix-mode-dense").click();
    for (const [r, c] of [
      [0, 1],
      [1, 0],
      [3, 5],
      [5, 5],
    ] as const) {
      expect(await cellValue(page, r, c)).toBeCloseTo(api.matrices.dense[r]![c]!, 6);
    }
    // Small matrices print the value in the cell.
    await expect(cell(page, 0, 1)).toHaveText(api.matrices.dense[0]![1]!.toFixed(2));
  });

  test("reads rows as queries: the ColBERT matrix is not symmetric and the page says so", async ({ page }) => {
    await computeMatrix(page, TEXTS);
    await expect(page.getByTestId("matrix-orientation")).toContainText("Row i is text i as the query");
    await page.getByTestId("matrix-mode-colbert").click();
    expect(await cellValue(page, 0, 1)).toBeCloseTo(api.matrices.colbert[0]![1]!, 6);
    expect(await cellValue(page, 1, 0)).toBeCloseTo(api.matrices.colbert[1]![0]!, 6);
    expect(api.matrices.colbert[0]![1]).not.toBeCloseTo(api.matrices.colbert[1]![0]!, 4);
    await cell(page, 1, 0).click();
    await expect(page.getByTestId("matrix-pair")).toContainText(TEXTS[1]!);
    expect(Number(await page.getByTestId("pair-reverse").getAttribute("data-value"))).toBeCloseTo(
      api.matrices.colbert[0]![1]!,
      6,
    );
  });

  test("moving a slider recombines the hybrid matrix in the browser, with no network request", async ({ page }) => {
    await computeMatrix(page, TEXTS);
    await page.getByTestId("matrix-mode-hybrid").click();
    const hybrid = (w: [number, number, number], r: number, c: number) =>
      (w[0] * api.matrices.dense[r]![c]! + w[1] * api.matrices.sparse[r]![c]! + w[2] * api.matrices.colbert[r]![c]!) /
      (w[0] + w[1] + w[2]);
    expect(await cellValue(page, 1, 3)).toBeCloseTo(hybrid([0.4, 0.2, 0.4], 1, 3), 6);
    const requests = countApiRequests(page);
    await page.getByTestId("weight-dense").fill("0.9");
    await page.getByTestId("weight-colbert").fill("0.1");
    await expect.poll(async () => cellValue(page, 1, 3)).toBeCloseTo(hybrid([0.9, 0.2, 0.1], 1, 3), 6);
    expect(await cellValue(page, 4, 0)).toBeCloseTo(hybrid([0.9, 0.2, 0.1], 4, 0), 6);
    expect(requests()).toBe(0);
  });

  test("lists near-duplicate groups above an editable threshold", async ({ page }) => {
    await computeMatrix(page, TEXTS);
    await page.getByTestId("matrix-mode-dense").click();
    await page.getByTestId("dedupe-threshold").fill("0.9999");
    const groups = page.getByTestId("dedupe-group");
    await expect(groups).toHaveCount(2);
    await expect(groups.nth(0)).toHaveAttribute("data-members", "0,2");
    await expect(groups.nth(1)).toHaveAttribute("data-members", "3,4");
    await expect(groups.nth(0)).toContainText(TEXTS[0]!);
    await page.getByTestId("dedupe-threshold").fill("-1");
    await expect(groups).toHaveCount(1);
    await expect(groups.nth(0)).toHaveAttribute("data-members", "0,1,2,3,4,5");
    await page.getByTestId("dedupe-threshold").fill("2");
    await expect(page.getByTestId("dedupe-none")).toBeVisible();
  });

  test("exports the matrix on screen as CSV, texts as headers", async ({ page }) => {
    await computeMatrix(page, TEXTS);
    await page.getByTestId("matrix-mode-dense").click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("matrix-csv").click()]);
    expect(download.suggestedFilename()).toBe("bge-m3-matrix-dense.csv");
    const csv = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(TEXTS.length + 1);
    expect(lines[0]).toBe(["query \\ document", ...TEXTS].join(","));
    const row1 = lines[2]!.split(",");
    expect(row1[0]).toBe(TEXTS[1]);
    expect(Number(row1[4])).toBeCloseTo(api.matrices.dense[1]![3]!, 6);
  });

  test("draws 64 texts on a canvas, shows progress while computing, and reads a hovered cell's value", async ({
    page,
    request,
  }) => {
    const api64 = (await (
      await request.post("/api/matrix", { data: { texts: [...SIXTY_FOUR_SAMPLE] } })
    ).json()) as MatrixResponse;
    await page.goto("/matrix");
    await expect(page.getByTestId("heatmap")).toBeVisible();
    // Hold the request a moment so the progress state is visible.
    await page.route("/api/matrix", async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await page.getByTestId("sample-sixty-four").click();
    await expect(page.getByTestId("progress")).toBeVisible();
    const heatmap = page.locator('[data-testid="heatmap"][data-rows="64"]');
    await expect(heatmap).toHaveAttribute("data-render", "canvas", { timeout: 30_000 });
    const canvas = heatmap.locator("canvas");
    await page.getByTestId("matrix-mode-dense").click();
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const cellPx = box.width / 64;
    await page.mouse.move(box.x + (9 + 0.5) * cellPx, box.y + (5 + 0.5) * cellPx);
    const readout = page.getByTestId("heatmap-readout");
    await expect(readout).toHaveAttribute("data-row", "5");
    await expect(readout).toHaveAttribute("data-col", "9");
    expect(Number(await readout.getAttribute("data-value"))).toBeCloseTo(api64.matrices.dense[5]![9]!, 6);
    await expect(page.getByTestId("heatmap-tooltip")).toBeVisible();
  });

  test("the 64-text matrix writes no label too small to read; hovering a cell names both texts", async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto("/matrix");
    await expect(page.getByTestId("heatmap")).toBeVisible();
    await page.getByTestId("sample-sixty-four").click();
    const heatmap = page.locator('[data-testid="heatmap"][data-rows="64"]');
    await expect(heatmap).toHaveAttribute("data-render", "canvas", { timeout: 30_000 });
    const fonts = await heatmap
      .locator('[data-testid="heatmap-row-label"], [data-testid="heatmap-col-label"]')
      .evaluateAll((els) => els.map((e) => Number.parseFloat(getComputedStyle(e).fontSize)));
    expect(Math.min(...fonts)).toBeGreaterThanOrEqual(10);
    const canvas = heatmap.locator("canvas");
    // The page's tools above the heatmap can push it below the first screen; the mouse only reaches what is in view.
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const cellPx = box.width / 64;
    await page.mouse.move(box.x + 3.5 * cellPx, box.y + 0.5 * cellPx);
    const tip = page.getByTestId("heatmap-tooltip");
    await expect(tip).toContainText(SIXTY_FOUR_SAMPLE[0]!.slice(0, 10));
    await expect(tip).toContainText(SIXTY_FOUR_SAMPLE[3]!.slice(0, 10));
  });

  test("loads the cross-language sample with one click", async ({ page }) => {
    await page.goto("/matrix");
    await expect(page.getByTestId("heatmap")).toBeVisible();
    await page.getByTestId("sample-sixty-four").click();
    await expect(page.locator('[data-testid="heatmap"][data-rows="64"]')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId("sample-cross-lingual").click();
    await expect(page.locator('[data-testid="heatmap"][data-rows="12"]')).toBeVisible();
    for (const [i, text] of [
      "气候变化是全球挑战",
      "Climate change is a global challenge",
      "環境変動は世界的な課題です",
    ].entries()) {
      await expect(page.locator(`[data-rh="${i}"]`)).toContainText(text);
    }
  });
});
